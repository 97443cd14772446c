import { readdir, readFile } from "node:fs/promises";

/** The example operations the playground opens as tabs and a test runs against the server. */
export const OPERATIONS_DIR = new URL("../../schema/operations/", import.meta.url);

export interface OperationFile {
  /** File name, e.g. `health.graphql`. */
  file: string;
  /** The document text, as committed. */
  query: string;
}

/**
 * Reads every `*.graphql` file of `dir`, sorted by name. Each file holds one runnable document:
 * variables, if any, have defaults, so the example runs as it stands (the test relies on that).
 */
export async function loadOperations(dir: URL = OPERATIONS_DIR): Promise<OperationFile[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith(".graphql")).sort();
  return Promise.all(files.map(async (file) => ({ file, query: await readFile(new URL(file, dir), "utf8") })));
}
