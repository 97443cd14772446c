import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import request from "supertest";

import type { App } from "../../../src/app.js";
import { hashApiKey } from "../../../src/auth/api-keys.js";
import { startTestApp } from "../../helpers/app.js";
import { calls, type GraphQLBody, KEYS, startTestServer, type TestServer } from "./test-server.js";

function send(server: TestServer, query: string, headers: Record<string, string> = {}) {
  return request(server.url).post("/graphql").set(headers).send({ query });
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

function codeOf(body: unknown): unknown {
  return (body as GraphQLBody).errors?.[0]?.extensions?.["code"];
}

describe("API keys and roles (queries open)", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it("lets anonymous callers query", async () => {
    const response = await send(server, "{ root { name } }").expect(200);
    assert.deepEqual((response.body as GraphQLBody).data, { root: { name: "n1" } });
  });

  it("refuses an anonymous mutation with UNAUTHENTICATED, without running it", async () => {
    const before = calls.mutations;
    const response = await send(server, "mutation { publish }").expect(200);
    assert.equal(codeOf(response.body), "UNAUTHENTICATED");
    assert.equal(calls.mutations, before);
  });

  const table: [caller: string, headers: Record<string, string>, mutation: string, expected: string][] = [
    ["editor (Bearer)", bearer(KEYS.editor), "publish", "ok"],
    ["editor (x-api-key)", { "x-api-key": KEYS.editor }, "publish", "ok"],
    ["editor", bearer(KEYS.editor), "purge", "FORBIDDEN"],
    ["admin", bearer(KEYS.admin), "publish", "ok"],
    ["admin", bearer(KEYS.admin), "purge", "ok"],
    ["lowercase bearer scheme", { authorization: `bearer ${KEYS.admin}` }, "purge", "ok"],
  ];
  for (const [caller, headers, mutation, expected] of table) {
    it(`${caller} → ${mutation}: ${expected}`, async () => {
      const before = calls.mutations;
      const response = await send(server, `mutation { ${mutation} }`, headers).expect(200);
      if (expected === "ok") {
        assert.deepEqual((response.body as GraphQLBody).errors, undefined);
        assert.equal(calls.mutations, before + 1);
      } else {
        assert.equal(codeOf(response.body), expected);
        assert.match(String((response.body as GraphQLBody).errors?.[0]?.message), /needs the admin role/);
        assert.equal(calls.mutations, before);
      }
    });
  }

  const refused: [label: string, headers: Record<string, string>, message: RegExp][] = [
    ["an unknown key", bearer("not-a-configured-key"), /Invalid API key/],
    ["an unknown x-api-key", { "x-api-key": "nope" }, /Invalid API key/],
    ["another scheme (Basic)", { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }, /Malformed/],
    ["a Bearer without a key", { authorization: "Bearer" }, /Malformed/],
  ];
  for (const [label, headers, message] of refused) {
    it(`answers 401 UNAUTHENTICATED with a challenge for ${label}, even on a query`, async () => {
      const before = calls.nodes;
      const response = await send(server, "{ root { name } }", headers).expect(401);
      assert.equal(codeOf(response.body), "UNAUTHENTICATED");
      assert.match(String((response.body as GraphQLBody).errors?.[0]?.message), message);
      assert.equal(response.headers["www-authenticate"], 'Bearer realm="graphql"');
      assert.deepEqual(Object.keys((response.body as GraphQLBody).errors?.[0]?.extensions ?? {}), ["code"]);
      assert.equal(calls.nodes, before);
    });
  }

  it("never writes a presented key to the logs", async () => {
    await send(server, "mutation { publish }", bearer(KEYS.editor)).expect(200);
    await send(server, "{ root { name } }", { "x-api-key": KEYS.admin }).expect(200);
    const text = JSON.stringify(server.logs);
    assert.ok(text.includes("[redacted]"), "request logs show the header was there");
    assert.ok(!text.includes(KEYS.editor) && !text.includes(KEYS.admin));
  });
});

describe("API_REQUIRE_KEY_FOR_QUERIES", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ requireKey: true });
  });
  after(() => server.close());

  it("refuses anonymous queries with 401 before anything runs", async () => {
    const before = calls.nodes;
    const response = await send(server, "{ root { name } }").expect(401);
    assert.equal(codeOf(response.body), "UNAUTHENTICATED");
    assert.equal(calls.nodes, before);
  });

  it("serves queries to any valid key, and roles still apply to mutations", async () => {
    await send(server, "{ root { name } }", bearer(KEYS.editor)).expect(200);
    const response = await send(server, "mutation { purge }", bearer(KEYS.editor)).expect(200);
    assert.equal(codeOf(response.body), "FORBIDDEN");
  });
});

describe("Query.viewer on the real service, keys from API_KEYS", () => {
  let app: App;
  before(async () => {
    app = await startTestApp({
      dbName: "graphql_auth_viewer",
      env: { API_KEYS: `ci:editor:${hashApiKey(KEYS.editor)}, ops:admin:${hashApiKey(KEYS.admin)}` },
    });
  });
  after(async () => {
    await app.database.db.dropDatabase();
    await app.stop();
  });

  it("names the key's holder and role, and is null for an anonymous caller", async () => {
    const query = "{ viewer { name role } }";
    const editor = await request(app.url).post("/graphql").set(bearer(KEYS.editor)).send({ query }).expect(200);
    assert.deepEqual((editor.body as GraphQLBody).data, { viewer: { name: "ci", role: "EDITOR" } });
    const admin = await request(app.url).post("/graphql").set("x-api-key", KEYS.admin).send({ query }).expect(200);
    assert.deepEqual((admin.body as GraphQLBody).data, { viewer: { name: "ops", role: "ADMIN" } });
    const anonymous = await request(app.url).post("/graphql").send({ query }).expect(200);
    assert.deepEqual((anonymous.body as GraphQLBody).data, { viewer: null });
  });
});
