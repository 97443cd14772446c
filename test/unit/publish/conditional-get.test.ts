import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { type ConditionalHeaders, etagOf, isNotModified } from "../../../src/publish/conditional-get.js";

describe("conditional GET (RFC 9110 §13.1)", () => {
  const etag = etagOf("body");
  const modified = new Date("2024-05-01T10:00:00.750Z");
  const table: [string, ConditionalHeaders, boolean][] = [
    ["no validators", {}, false],
    ["matching If-None-Match", { "if-none-match": etag }, true],
    ["weak form of the same tag", { "if-none-match": `W/${etag}` }, true],
    ["one of a list", { "if-none-match": `"other", ${etag}` }, true],
    ["*", { "if-none-match": "*" }, true],
    ["another tag", { "if-none-match": '"other"' }, false],
    [
      "If-None-Match decides alone, even with a later If-Modified-Since",
      { "if-none-match": '"other"', "if-modified-since": "Wed, 01 May 2030 00:00:00 GMT" },
      false,
    ],
    ["If-Modified-Since at the same second", { "if-modified-since": "Wed, 01 May 2024 10:00:00 GMT" }, true],
    ["If-Modified-Since later", { "if-modified-since": "Thu, 02 May 2024 00:00:00 GMT" }, true],
    ["If-Modified-Since earlier", { "if-modified-since": "Wed, 01 May 2024 09:59:59 GMT" }, false],
    ["an invalid date", { "if-modified-since": "yesterday" }, false],
  ];
  for (const [name, headers, expected] of table) {
    it(`${name} → ${expected ? "304" : "200"}`, () => assert.equal(isNotModified(headers, etag, modified), expected));
  }

  it("strong ETags: same bytes, same tag; other bytes, other tag", () => {
    assert.equal(etagOf("body"), etag);
    assert.notEqual(etagOf("body "), etag);
    assert.match(etag, /^"[A-Za-z0-9_-]{32}"$/);
  });
});
