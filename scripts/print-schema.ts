/** Writes schema/schema.graphql from the code-first schema. A test fails when it is stale. */
import { writeFile } from "node:fs/promises";

import { buildSchemaForPrinting, printSchemaSdl } from "../src/graphql/build-schema.js";

const target = new URL("../schema/schema.graphql", import.meta.url);
await writeFile(target, printSchemaSdl(await buildSchemaForPrinting()));
process.stdout.write(`wrote ${target.pathname}\n`);
