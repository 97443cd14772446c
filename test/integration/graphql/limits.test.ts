import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";

import { getIntrospectionQuery } from "graphql";
import request from "supertest";

import { GRAPHQL_LIMITS } from "../../../src/graphql/limits.js";
import { calls, type GraphQLBody, KEYS, nestedQuery, startTestServer, type TestServer } from "./test-server.js";

const L = GRAPHQL_LIMITS;

function post(server: TestServer, query: string) {
  return request(server.url).post("/graphql").send({ query });
}

function firstError(body: unknown) {
  const error = (body as GraphQLBody).errors?.[0];
  assert.ok(error, `expected an error, got ${JSON.stringify(body)}`);
  return error;
}

/** Refused during validation: 400 GRAPHQL_VALIDATION_FAILED and no resolver ran. */
async function assertRefusedBeforeExecution(server: TestServer, query: string) {
  const before = calls.nodes + calls.mutations;
  const response = await post(server, query);
  assert.equal(response.status, 400, JSON.stringify(response.body));
  assert.equal(firstError(response.body).extensions?.["code"], "GRAPHQL_VALIDATION_FAILED");
  assert.equal(calls.nodes + calls.mutations, before, "a resolver ran for a refused document");
  return firstError(response.body);
}

describe("GraphQL limits over HTTP (development mode)", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it(`A1: accepts depth ${L.maxDepth}, refuses depth ${L.maxDepth + 1} before any resolver runs`, async () => {
    const ok = await post(server, nestedQuery(L.maxDepth)).expect(200);
    assert.equal((ok.body as GraphQLBody).errors, undefined);
    const error = await assertRefusedBeforeExecution(server, nestedQuery(L.maxDepth + 1));
    assert.match(error.message, new RegExp(`depth limit of ${L.maxDepth}`));
  });

  it("A1: GHSA-hmfr-rx46-4jx2: a fragment or an operation named __schema is not exempt", async () => {
    const deep = `child { ${"child { ".repeat(L.maxDepth)}name${" }".repeat(L.maxDepth)} }`;
    await assertRefusedBeforeExecution(server, `{ root { ...__schema } } fragment __schema on Node { ${deep} }`);
    await assertRefusedBeforeExecution(server, `query __schema { root { ${deep} } }`);
  });

  it("A1: GHSA-224p-v68g-5g8f: a fragment reused deeper is counted at its deeper depth", async () => {
    const shallow = "root { ...F }";
    const deeper = `deep: root { ${"child { ".repeat(L.maxDepth - 3)}...F${" }".repeat(L.maxDepth - 3)} }`;
    await assertRefusedBeforeExecution(
      server,
      `{ ${shallow} ${deeper} } fragment F on Node { child { child { name } } }`,
    );
  });

  it("A1/A6: introspection is exempt from depth and cost, so GraphiQL's full query works in development", async () => {
    const query = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, schemaDescription: true });
    const response = await post(server, query).expect(200);
    assert.equal((response.body as GraphQLBody).errors, undefined);
  });

  it(`A2: refuses a list-in-list document over the cost limit (${L.maxCost}) before execution`, async () => {
    // armor multiplies a selection by a literal first/last: 3 x 100 items x 3 fields is ~5,900.
    const page = "items(first: 100) { edges { node { id title publishedAt } } }";
    const error = await assertRefusedBeforeExecution(server, `{ a: ${page} b: ${page} c: ${page} }`);
    assert.match(error.message, new RegExp(`Cost limit of ${L.maxCost} exceeded`, "i"));
  });

  it(`A3: accepts ${L.maxAliases} aliases, refuses ${L.maxAliases + 1} and 100 (mutations included)`, async () => {
    const aliases = (n: number, field: string) => Array.from({ length: n }, (_, i) => `x${i}: ${field}`).join(" ");
    await post(server, `{ ${aliases(L.maxAliases, "root { name }")} }`).expect(200);
    await assertRefusedBeforeExecution(server, `{ ${aliases(L.maxAliases + 1, "root { name }")} }`);
    const before = calls.mutations;
    const response = await request(server.url)
      .post("/graphql")
      .set("authorization", `Bearer ${KEYS.admin}`)
      .send({ query: `mutation { ${aliases(100, "publish")} }` });
    assert.equal(response.status, 400);
    assert.equal(calls.mutations, before, "an aliased mutation ran");
  });

  it(`A3: refuses more than ${L.maxDirectives} directives`, async () => {
    await assertRefusedBeforeExecution(
      server,
      `{ root { name ${"@include(if: true) ".repeat(L.maxDirectives + 10)} } }`,
    );
  });

  it("A3: refuses a batched (JSON array) request: batching stays off", async () => {
    const before = calls.nodes;
    const response = await request(server.url)
      .post("/graphql")
      .send([{ query: "{ root { name } }" }, { query: "{ root { name } }" }]);
    assert.equal(response.status, 400);
    assert.match(response.text, /batch/i);
    assert.equal(calls.nodes, before);
  });

  it(`A4: refuses more than ${L.maxTokens} tokens with 400 before parsing, even under the character limit`, async () => {
    const query = `{ root { ${"name ".repeat(L.maxTokens)} } }`;
    assert.ok(query.length < L.maxCharacters);
    const response = await post(server, query).expect(400);
    assert.equal(firstError(response.body).extensions?.["code"], "GRAPHQL_PARSE_FAILED");
    assert.match(firstError(response.body).message, new RegExp(`more than ${L.maxTokens} tokens`));
  });

  it(`A4: refuses a document over ${L.maxCharacters} characters (a long comment counts, tokens or not)`, async () => {
    const response = await post(server, `{ root { name } } # ${"x".repeat(L.maxCharacters)}`).expect(400);
    assert.equal(firstError(response.body).extensions?.["code"], "BAD_REQUEST");
  });

  it("A4: the character and token limits apply to GET too", async () => {
    const response = await request(server.url)
      .get("/graphql")
      .set("apollo-require-preflight", "true")
      .query({ query: `{ root { ${"name ".repeat(L.maxTokens)} } }` });
    assert.equal(response.status, 400);
    assert.equal(firstError(response.body).extensions?.["code"], "GRAPHQL_PARSE_FAILED");
  });

  it("A4: refuses a 2 MB body with 413", async () => {
    await post(server, `{ root { name } } #${"x".repeat(2 * 1024 * 1024)}`).expect(413);
  });

  describe("A5: CSRF prevention", () => {
    let before: number;
    beforeEach(() => {
      before = calls.mutations;
    });

    it("blocks a mutation POSTed as text/plain (a form-like simple request)", async () => {
      const response = await request(server.url)
        .post("/graphql")
        .set("content-type", "text/plain")
        .set("authorization", `Bearer ${KEYS.editor}`)
        .send(JSON.stringify({ query: "mutation { publish }" }));
      assert.equal(response.status, 400);
      assert.match(response.text, /CSRF/);
      assert.equal(calls.mutations, before);
    });

    it("blocks an urlencoded form post", async () => {
      const response = await request(server.url).post("/graphql").type("form").send({ query: "mutation { publish }" });
      assert.equal(response.status, 400);
      assert.equal(calls.mutations, before);
    });

    it("blocks a GET without the preflight header, and never runs a mutation over GET", async () => {
      const plain = await request(server.url).get("/graphql").query({ query: "{ root { name } }" });
      assert.equal(plain.status, 400);
      assert.match(plain.text, /CSRF/);
      const withHeader = await request(server.url)
        .get("/graphql")
        .set("apollo-require-preflight", "true")
        .set("authorization", `Bearer ${KEYS.editor}`)
        .query({ query: "mutation { publish }" });
      assert.equal(withHeader.status, 405);
      assert.equal(calls.mutations, before);
    });

    it("runs a GET query that carries apollo-require-preflight", async () => {
      const response = await request(server.url)
        .get("/graphql")
        .set("apollo-require-preflight", "true")
        .query({ query: "{ root { name } }" })
        .expect(200);
      assert.deepEqual((response.body as GraphQLBody).data, { root: { name: "n1" } });
    });
  });

  it("A6: development keeps field suggestions (they help while writing queries)", async () => {
    const response = await post(server, "{ roots { name } }").expect(400);
    assert.match(firstError(response.body).message, /Did you mean "root"/);
  });
});

describe("GraphQL limits over HTTP (production mode)", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ production: true });
  });
  after(() => server.close());

  it("A1: still refuses too-deep documents, without revealing the limit", async () => {
    const error = await assertRefusedBeforeExecution(server, nestedQuery(L.maxDepth + 1));
    assert.doesNotMatch(error.message, /\d/);
  });

  it("A3/A4: alias, token and character refusals do not reveal the limits either", async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `x${i}: root { name }`).join(" ");
    const alias = await assertRefusedBeforeExecution(server, `{ ${aliases} }`);
    assert.doesNotMatch(alias.message, /\d/);
    const tokens = await post(server, `{ root { ${"name ".repeat(L.maxTokens)} } }`).expect(400);
    assert.equal(firstError(tokens.body).message, "Query too large.");
    const characters = await post(server, `{ root { name } } # ${"x".repeat(L.maxCharacters)}`).expect(400);
    assert.equal(firstError(characters.body).message, "Query too large.");
  });

  it("A6: introspection is disabled", async () => {
    const response = await post(server, "{ __schema { types { name } } }").expect(400);
    const error = firstError(response.body);
    assert.equal(error.extensions?.["code"], "GRAPHQL_VALIDATION_FAILED");
    assert.equal(error.extensions?.["validationErrorCode"], "INTROSPECTION_DISABLED");
  });

  it("A6: a typo gets no 'Did you mean' suggestion", async () => {
    const response = await post(server, "{ roots { name } }").expect(400);
    const message = firstError(response.body).message;
    assert.match(message, /Cannot query field "roots"/);
    assert.doesNotMatch(message, /Did you mean|"root"/);
  });
});
