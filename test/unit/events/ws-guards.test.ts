import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ConnectionCounter, credentialHeaders, isOriginAllowed } from "../../../src/server/ws-guards.js";

/** The WebSocket upgrade's guards (src/server/ws-guards.ts): pure parts of RELIABILITY.md A9, A10. */
describe("WebSocket upgrade guards", () => {
  const policy = { allowed: ["https://dashboard.example"], publicOrigin: "https://news.example" };
  const table: [string, Record<string, string>, boolean][] = [
    ["no Origin (CLI client)", { host: "news.example" }, true],
    ["same host as the request", { host: "127.0.0.1:4000", origin: "http://127.0.0.1:4000" }, true],
    ["the public origin", { host: "10.0.0.5:4000", origin: "https://news.example" }, true],
    ["a listed origin", { host: "news.example", origin: "https://dashboard.example" }, true],
    ["another site", { host: "news.example", origin: "http://evil.test" }, false],
    ["a listed host on another scheme", { host: "news.example", origin: "http://dashboard.example" }, false],
    ["a lookalike host", { host: "news.example", origin: "https://news.example.evil.test" }, false],
    ["null (sandboxed iframe, file:)", { host: "news.example", origin: "null" }, false],
  ];
  for (const [name, headers, allowed] of table) {
    it(`${name} → ${allowed ? "allowed" : "refused"}`, () => assert.equal(isOriginAllowed(headers, policy), allowed));
  }
  it("* allows any origin", () =>
    assert.ok(isOriginAllowed({ origin: "http://x.test" }, { allowed: ["*"], publicOrigin: null })));

  it("counts sockets per address and frees them", () => {
    const counter = new ConnectionCounter(2);
    assert.ok(counter.acquire("a"));
    assert.ok(counter.acquire("a"));
    assert.equal(counter.acquire("a"), false);
    assert.ok(counter.acquire("b"));
    counter.release("a");
    assert.ok(counter.acquire("a"));
    assert.equal(counter.total, 3);
  });

  it("reads credentials from connectionParams, else from the upgrade request", () => {
    assert.deepEqual(credentialHeaders({ Authorization: "Bearer k" }, {}), { authorization: "Bearer k" });
    assert.deepEqual(credentialHeaders({ "X-Api-Key": 7 }, {}), { "x-api-key": [] });
    assert.deepEqual(credentialHeaders(null, { authorization: "Bearer h" }), {
      authorization: "Bearer h",
      "x-api-key": undefined,
    });
    assert.deepEqual(credentialHeaders({ other: "x" }, {}), { authorization: undefined, "x-api-key": undefined });
  });
});
