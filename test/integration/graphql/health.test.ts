import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import request from "supertest";

import type { App } from "../../../src/app.js";
import { SERVICE_VERSION } from "../../../src/version.js";
import { startTestApp } from "../../helpers/app.js";

const HEALTH = "query Health { health { status database version databaseLatencyMs } }";

describe("GraphQL over HTTP", () => {
  let app: App;
  before(async () => {
    app = await startTestApp({ dbName: "graphql_health" });
  });
  after(async () => {
    await app.database.db.dropDatabase();
    await app.stop();
  });

  it("answers the health query", async () => {
    const response = await request(app.url).post("/graphql").send({ query: HEALTH }).expect(200);
    const body = response.body as { data: { health: Record<string, unknown> } };
    assert.equal(body.data.health["status"], "OK");
    assert.equal(body.data.health["database"], "UP");
    assert.equal(body.data.health["version"], SERVICE_VERSION);
    assert.equal(typeof body.data.health["databaseLatencyMs"], "number");
  });

  it("gives every response a request id, keeping a well-formed one the client sent", async () => {
    const generated = await request(app.url).post("/graphql").send({ query: HEALTH });
    assert.match(String(generated.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
    const echoed = await request(app.url).post("/graphql").set("x-request-id", "client-123").send({ query: HEALTH });
    assert.equal(echoed.headers["x-request-id"], "client-123");
    const replaced = await request(app.url)
      .post("/graphql")
      .set("x-request-id", "bad id with spaces")
      .send({ query: HEALTH });
    assert.notEqual(replaced.headers["x-request-id"], "bad id with spaces");
  });

  it("rejects a syntax error with GRAPHQL_PARSE_FAILED and no stack trace", async () => {
    const response = await request(app.url).post("/graphql").send({ query: "{ health { " }).expect(400);
    const body = response.body as { errors: { extensions: Record<string, unknown> }[] };
    assert.equal(body.errors[0]?.extensions["code"], "GRAPHQL_PARSE_FAILED");
    assert.equal(body.errors[0]?.extensions["stacktrace"], undefined);
  });

  it("rejects an unknown field with GRAPHQL_VALIDATION_FAILED", async () => {
    const response = await request(app.url).post("/graphql").send({ query: "{ healthy }" }).expect(400);
    const body = response.body as { errors: { extensions: Record<string, unknown> }[] };
    assert.equal(body.errors[0]?.extensions["code"], "GRAPHQL_VALIDATION_FAILED");
  });

  it("A4: refuses a body over the limit with 413", async () => {
    const huge = `{ health { status } } #${"x".repeat(200 * 1024)}`;
    await request(app.url).post("/graphql").send({ query: huge }).expect(413);
  });

  it("A5: blocks a GET without the CSRF preflight header", async () => {
    const response = await request(app.url).get("/graphql").query({ query: "{ health { status } }" });
    assert.equal(response.status, 400);
    assert.match(response.text, /CSRF/);
  });

  it("A3: refuses batched (array) requests", async () => {
    const response = await request(app.url)
      .post("/graphql")
      .send([{ query: HEALTH }, { query: HEALTH }]);
    assert.equal(response.status, 400);
  });

  it("answers /healthz and 404 for unknown paths", async () => {
    const health = await request(app.url).get("/healthz").expect(200);
    assert.equal((health.body as { status: string }).status, "ok");
    await request(app.url).get("/nope").expect(404);
  });
});
