import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import request from "supertest";

import type { App } from "../../../src/app.js";
import { loadOperations } from "../../../src/server/operations.js";
import { startTestApp } from "../../helpers/app.js";

describe("GraphiQL at /graphiql (development)", () => {
  let app: App;
  before(async () => {
    app = await startTestApp({ dbName: "graphql_playground" });
  });
  after(async () => {
    await app.database.db.dropDatabase();
    await app.stop();
  });

  it("serves the page under a strict Content-Security-Policy", async () => {
    const response = await request(app.url)
      .get("/graphiql")
      .expect(200)
      .expect("content-type", /text\/html/);
    const csp = String(response.headers["content-security-policy"]);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'(;|$)/);
    assert.match(csp, /connect-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.equal(response.headers["x-content-type-options"], "nosniff");
  });

  it("embeds every schema/operations document, escaped so none can close the script element", async () => {
    const page = (await request(app.url).get("/graphiql").expect(200)).text;
    const json = /<script id="operations" type="application\/json">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? "";
    const embedded = JSON.parse(json) as { file: string; query: string }[];
    assert.deepEqual(embedded, await loadOperations());
    assert.doesNotMatch(json, /</);
  });

  it("references only assets it serves from this origin (no CDN)", async () => {
    const page = (await request(app.url).get("/graphiql").expect(200)).text;
    const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((match) => match[1] ?? "")
      .filter((source) => source !== "data:,"); // the empty favicon, so the browser asks for none
    assert.deepEqual(sources.sort(), [
      "/graphiql/assets/graphiql.min.css",
      "/graphiql/assets/graphiql.min.js",
      "/graphiql/assets/react-dom.production.min.js",
      "/graphiql/assets/react.production.min.js",
    ]);
    for (const source of sources) {
      const asset = await request(app.url).get(source).expect(200);
      assert.match(String(asset.headers["content-type"]), source.endsWith(".css") ? /text\/css/ : /javascript/);
    }
  });

  it("serves nothing else from node_modules", async () => {
    for (const path of [
      "/graphiql/assets/package.json",
      "/graphiql/assets/graphiql.min.js.map",
      "/graphiql/assets/..%2Fpackage.json",
      "/graphiql/assets/constructor",
      "/graphiql/assets/__proto__",
      "/node_modules/react/package.json",
    ]) {
      await request(app.url).get(path).expect(404);
    }
  });
});

describe("GraphiQL in production", () => {
  it("A6: is a 404 by default, along with introspection being off", async () => {
    const app = await startTestApp({ dbName: "graphql_playground_prod", env: { NODE_ENV: "production" } });
    try {
      await request(app.url).get("/graphiql").expect(404);
      await request(app.url).get("/graphiql/assets/graphiql.min.js").expect(404);
    } finally {
      await app.database.db.dropDatabase();
      await app.stop();
    }
  });

  it("A6: is served when PLAYGROUND_ENABLED=true", async () => {
    const app = await startTestApp({
      dbName: "graphql_playground_prod_on",
      env: { NODE_ENV: "production", PLAYGROUND_ENABLED: "true" },
    });
    try {
      await request(app.url).get("/graphiql").expect(200);
    } finally {
      await app.database.db.dropDatabase();
      await app.stop();
    }
  });
});
