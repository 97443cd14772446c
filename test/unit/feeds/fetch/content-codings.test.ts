import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseContentCodings } from "../../../../src/feeds/fetch/body-reader.js";
import { FetchFailure } from "../../../../src/feeds/fetch/fetch-failure.js";

describe("parseContentCodings (RFC 9110 §8.4)", () => {
  const ok: [string | undefined, string[]][] = [
    [undefined, []],
    ["", []],
    ["identity", []],
    ["gzip", ["gzip"]],
    ["x-gzip", ["gzip"]],
    ["GZIP", ["gzip"]],
    ["deflate", ["deflate"]],
    ["br", ["br"]],
    ["gzip, br", ["gzip", "br"]],
    ["gzip,identity,gzip", ["gzip", "gzip"]],
  ];
  for (const [header, codings] of ok) {
    it(`"${header ?? "(none)"}" → [${codings.join(", ")}]`, () => {
      assert.deepEqual(parseContentCodings(header, "http://x/feed"), codings);
    });
  }

  const refused = ["gzip, gzip, gzip", Array(10).fill("gzip").join(", "), "compress", "zstd", "gzip, snappy"];
  for (const header of refused) {
    it(`B4: "${header}" is BAD_ENCODING`, () => {
      assert.throws(
        () => parseContentCodings(header, "http://x/feed"),
        (error: unknown) =>
          error instanceof FetchFailure && error.code === "BAD_ENCODING" && error.message.startsWith("http://x/feed: "),
      );
    });
  }
});
