import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import request from "supertest";

import type { App } from "../../../src/app.js";
import { hashApiKey } from "../../../src/auth/api-keys.js";
import { loadOperations } from "../../../src/server/operations.js";
import { startTestApp } from "../../helpers/app.js";
import { seedOperationExamples } from "./support/operations-fixture.js";
import type { GraphQLBody } from "./test-server.js";

/**
 * Every example in schema/operations/ (the playground's tabs) runs against the real service
 * without errors, so the examples cannot rot. Sent with an admin key: examples may mutate.
 */
const ADMIN_KEY = "operations-test-admin-key";
const operations = await loadOperations();

describe("schema/operations examples", () => {
  let app: App;
  before(async () => {
    app = await startTestApp({
      dbName: "graphql_operations",
      env: { API_KEYS: `examples:admin:${hashApiKey(ADMIN_KEY)}` },
    });
    // The ids and slugs the examples name by default.
    await seedOperationExamples(app.database.db);
  });
  after(async () => {
    await app.database.db.dropDatabase();
    await app.stop();
  });

  it("has the health example (the playground's first tab)", () => {
    assert.ok(operations.some((operation) => operation.file === "health.graphql"));
  });

  for (const { file, query } of operations) {
    it(`${file} runs without errors`, async () => {
      const response = await request(app.url)
        .post("/graphql")
        .set("authorization", `Bearer ${ADMIN_KEY}`)
        .send({ query })
        .expect(200);
      const body = response.body as GraphQLBody;
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      assert.ok(body.data && Object.values(body.data).every((value) => value !== null), JSON.stringify(body.data));
    });
  }
});
