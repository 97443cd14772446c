import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { buildSchema, parse, validate } from "graphql";

import { createGraphQLLimits, GRAPHQL_LIMITS as L } from "../../../src/graphql/limits.js";

/**
 * The limits as a transport-free module: what the WebSocket server (A8) will run through
 * graphql-ws `validate`, checked here with plain graphql-js.
 */
const schema = buildSchema(`
  type Query { items(first: Int): [Item!]! }
  type Item { id: ID! title: String! tags(first: Int): [Tag!]! }
  type Tag { name: String! }
`);

const limits = createGraphQLLimits({ production: true });
const errorsOf = (query: string) =>
  validate(schema, parse(query, limits.parseOptions), limits.validationRules).map((error) => error.message);

describe("createGraphQLLimits (transport-free)", () => {
  it("A2: a list-in-list document just under the cost limit passes, just over fails", () => {
    // items(first: n) { id title tags(first: 10) { name } }: cost = n x (2 + 1.5 x (1 + 1 + 10 x (2 + 1.5 x 1)))
    const perItem = 2 + 1.5 * (1 + 1 + 10 * (2 + 1.5 * 1));
    const under = Math.floor(L.maxCost / perItem);
    const query = (n: number) => `{ items(first: ${n}) { id title tags(first: 10) { name } } }`;
    assert.ok(under * perItem <= L.maxCost && (under + 1) * perItem > L.maxCost);
    assert.deepEqual(errorsOf(query(under)), []);
    assert.deepEqual(errorsOf(query(under + 1)), ["Syntax Error: Query validation error."]);
  });

  it("A1/A3: depth, aliases and directives are validation rules, so any transport can run them", () => {
    const depth = `{ items { tags { name } } }`; // depth 3: fine
    assert.deepEqual(errorsOf(depth), []);
    const aliases = `{ ${Array.from({ length: L.maxAliases + 1 }, (_, i) => `a${i}: items { id }`).join(" ")} }`;
    assert.equal(errorsOf(aliases).length, 1);
    const directives = `{ items { id ${"@skip(if: false) ".repeat(L.maxDirectives + 1)} } }`;
    assert.equal(errorsOf(directives).length, 1);
  });

  it("production errors carry no numbers (limits stay private, A1)", () => {
    const aliases = `{ ${Array.from({ length: L.maxAliases + 1 }, (_, i) => `a${i}: items { id }`).join(" ")} }`;
    for (const message of errorsOf(aliases)) assert.doesNotMatch(message, /\d/);
  });

  it("creating limits twice does not double the reports (armor mutates its config)", () => {
    const again = createGraphQLLimits({ production: true });
    const aliases = `{ ${Array.from({ length: L.maxAliases + 1 }, (_, i) => `a${i}: items { id }`).join(" ")} }`;
    assert.equal(validate(schema, parse(aliases), again.validationRules).length, 1);
  });
});

describe("checkSource (A4)", () => {
  const dev = createGraphQLLimits({ production: false });

  it("passes documents within the limits, and leaves syntax errors to the parser", () => {
    assert.equal(dev.checkSource("{ items { id } }"), null);
    assert.equal(dev.checkSource("{ items { id "), null);
    assert.equal(dev.checkSource(`{ items { ${"id ".repeat(L.maxTokens - 6)} } }`), null);
  });

  it("refuses one token over the limit; comments are not tokens", () => {
    // 3 tokens before the ids, 2 after: maxTokens - 4 ids make maxTokens + 1.
    const body = `{ items { ${"id ".repeat(L.maxTokens - 4)} } }`;
    assert.equal(dev.checkSource(`# ${"comment ".repeat(100)}\n${body.replace("id ", "")}`), null);
    const error = dev.checkSource(`# ${"comment ".repeat(100)}\n${body}`);
    assert.equal(error?.extensions["code"], "GRAPHQL_PARSE_FAILED");
  });

  it("refuses documents over the character limit", () => {
    const error = dev.checkSource(" ".repeat(L.maxCharacters + 1));
    assert.equal(error?.extensions["code"], "BAD_REQUEST");
    assert.match(error?.message ?? "", /exceeds the limit of 15000/);
  });

  it("graphql-js's own token cap agrees (parseOptions is the backstop)", () => {
    assert.throws(() => parse(`{ items { ${"id ".repeat(L.maxTokens)} } }`, dev.parseOptions), /tokens/);
  });
});
