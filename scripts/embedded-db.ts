/**
 * The embedded database by hand:
 *   npm run db -- install                      build DocumentDB into .tools/documentdb (if not there yet)
 *   npm run db -- start [--port N] [--data-dir D]  run it in the foreground until Ctrl-C
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";

import { ensureEmbeddedDbInstalled } from "../src/embedded-db/install.js";
import { startEmbeddedDb } from "../src/embedded-db/server.js";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { port: { type: "string", default: "27117" }, "data-dir": { type: "string", default: "data/documentdb" } },
});

const say = (line: string) => process.stdout.write(`${line}\n`);
const command = positionals[0];
if (command !== "install" && command !== "start") {
  say("usage: npm run db -- install | start [--port N] [--data-dir D]");
  process.exit(2);
}
try {
  const installation = await ensureEmbeddedDbInstalled(say);
  say(`DocumentDB: PostgreSQL in ${installation.pgBinDir}, gateway ${installation.gatewayBinary}`);
  if (command === "start") {
    const db = await startEmbeddedDb({ installation, dataDir: resolve(values["data-dir"]), port: Number(values.port) });
    say(`DocumentDB listening: ${db.uri} (Ctrl-C to stop)`);
    const stop = () => void db.stop().then(() => say("DocumentDB stopped"));
    process.once("SIGINT", stop).once("SIGTERM", stop);
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
