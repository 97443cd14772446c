/**
 * Runs the whole test suite with node's test runner against a real DocumentDB server started for
 * this run (a fresh cluster in a temp folder, a free port, credentials made for this run), and
 * stops it afterwards, whatever happens (the servers also die with this process).
 *
 *   tsx test/run.ts [substring ...]   runs only test files whose path contains a substring
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { ensureEmbeddedDbInstalled } from "../src/embedded-db/install.js";
import { startEmbeddedDb } from "../src/embedded-db/server.js";

const root = fileURLToPath(new URL("..", import.meta.url));

async function findTestFiles(filters: string[]): Promise<string[]> {
  const entries = await readdir(join(root, "test"), { recursive: true });
  return entries
    .filter((file) => file.endsWith(".test.ts"))
    .map((file) => relative(root, join(root, "test", file)))
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
    .sort();
}

async function main(): Promise<number> {
  const files = await findTestFiles(process.argv.slice(2));
  if (files.length === 0) {
    process.stderr.write("test/run: no test files matched\n");
    return 1;
  }
  const started = performance.now();
  const installation = await ensureEmbeddedDbInstalled((line) => process.stderr.write(`test/run: ${line}\n`));
  const dataDir = await mkdtemp(join(tmpdir(), "hng-test-db-"));
  const db = await startEmbeddedDb({ installation, dataDir, port: 0 });
  process.stderr.write(
    `test/run: DocumentDB ready on 127.0.0.1:${db.port} in ${Math.round(performance.now() - started)} ms; ` +
      `${files.length} test files\n`,
  );
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "--test", "--test-concurrency=2", "--test-timeout=180000", ...files],
        {
          cwd: root,
          stdio: "inherit",
          env: { ...process.env, MONGODB_URI: db.uri, NODE_ENV: "test" },
        },
      );
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.once("SIGINT", forward).once("SIGTERM", forward);
      child.once("error", reject);
      child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`test/run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
