import assert from "node:assert/strict";
import { after, describe, it } from "node:test";

import request from "supertest";

import { type GraphQLBody, SECRET_URI, startTestServer } from "./test-server.js";

/**
 * RELIABILITY.md A7: a resolver error carrying a Mongo URI reaches the client as a bare
 * INTERNAL_SERVER_ERROR, with no stack and no text of the original, whatever NODE_ENV says
 * (Apollo's own default includes stack traces unless NODE_ENV is production or test).
 */
const MODES: [label: string, nodeEnv: string | undefined, production: boolean][] = [
  ["NODE_ENV unset", undefined, false],
  ["NODE_ENV=development", "development", false],
  ["NODE_ENV=test", "test", false],
  ["NODE_ENV=production", "production", true],
];

describe("A7: internal errors are masked and logged once", () => {
  const savedNodeEnv = process.env["NODE_ENV"];
  after(() => {
    process.env["NODE_ENV"] = savedNodeEnv;
  });

  for (const [label, nodeEnv, production] of MODES) {
    it(`A7: ${label}: the client sees INTERNAL_SERVER_ERROR without URI, message or stack`, async () => {
      // Apollo reads NODE_ENV when the server is built, so set it first.
      if (nodeEnv === undefined) delete process.env["NODE_ENV"];
      else process.env["NODE_ENV"] = nodeEnv;
      const server = await startTestServer({ production });
      try {
        const response = await request(server.url)
          .post("/graphql")
          .set("x-request-id", "a7-request")
          .send({ query: "query Boom { boom }" })
          .expect(200);
        const body = response.body as GraphQLBody;
        assert.deepEqual(body.errors, [
          {
            message: "Internal server error",
            locations: [{ line: 1, column: 14 }],
            path: ["boom"],
            extensions: { code: "INTERNAL_SERVER_ERROR" },
          },
        ]);
        for (const leak of ["hunter2", "db.internal", "mongodb://", "ECONNREFUSED", "stack", "    at "]) {
          assert.ok(!response.text.includes(leak), `response leaks ${JSON.stringify(leak)}: ${response.text}`);
        }

        const logged = server.logs.filter((line) => line["msg"] === "graphql: internal error");
        assert.equal(logged.length, 1, "the error is logged exactly once");
        const entry = logged[0] ?? {};
        assert.equal(entry["requestId"], "a7-request");
        assert.equal(entry["operationName"], "Boom");
        const err = entry["err"] as { message: string; stack: string };
        assert.ok(err.message.includes(SECRET_URI), "the log keeps the full error");
        assert.match(err.stack, /test-server\.ts/);
      } finally {
        await server.close();
      }
    });
  }
});

describe("client errors keep their code and message", () => {
  it("a typed GraphQL error (NotFoundError) passes through with its code, without a stack", async () => {
    const server = await startTestServer();
    try {
      const response = await request(server.url).post("/graphql").send({ query: "{ missing }" }).expect(200);
      const error = (response.body as GraphQLBody).errors?.[0];
      assert.equal(error?.message, "No feed with id 42.");
      assert.deepEqual(error?.extensions, { code: "NOT_FOUND" });
      assert.equal(server.logs.filter((line) => line["msg"] === "graphql: internal error").length, 0);
    } finally {
      await server.close();
    }
  });

  it("a domain error (PageRequestError) is mapped at the edge to BAD_USER_INPUT with its reason", async () => {
    const server = await startTestServer({ production: true });
    try {
      const response = await request(server.url).post("/graphql").send({ query: "{ badPage }" }).expect(200);
      const error = (response.body as GraphQLBody).errors?.[0];
      assert.equal(error?.message, "`first` must be 0 to 100 (got 500).");
      assert.deepEqual(error?.extensions, { code: "BAD_USER_INPUT", reason: "INVALID_PAGE_REQUEST" });
      const logged = server.logs.filter((line) => line["msg"] === "graphql: client error");
      assert.equal(logged.length, 1);
      assert.equal(logged[0]?.["level"], 20, "client errors are logged at debug, not as failures");
    } finally {
      await server.close();
    }
  });
});
