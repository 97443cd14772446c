import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";

import { buildSchemaForPrinting, printSchemaSdl } from "../../../src/graphql/build-schema.js";

describe("schema/schema.graphql", () => {
  it("is what the code-first schema prints (run `npm run schema:print` after an API change)", async () => {
    const committed = await readFile(new URL("../../../schema/schema.graphql", import.meta.url), "utf8");
    assert.equal(committed, printSchemaSdl(await buildSchemaForPrinting()));
  });
});
