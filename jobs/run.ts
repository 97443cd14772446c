/**
 * One-shot job runs:
 *
 *   tsx jobs/run.ts ingest --once [--feed <id|url>]
 *   tsx jobs/run.ts feeds import <file.opml> | feeds export [<file>]   (jobs/feeds-cli.ts)
 *
 * Loads the configuration, connects (MONGODB_URI, else the embedded server the service runs on
 * EMBEDDED_DB_PORT, else a private embedded server on DATA_DIR), calls ONE use-case, prints a
 * line per feed and a summary, closes. Exit 0 when the run happened (feeds may have failed:
 * that is recorded on each feed), 1 when it could not start or the database went away, 2 for
 * bad arguments.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";

import { type Config, ConfigError, loadConfig } from "../src/config/config.js";
import { ensureEmbeddedDbInstalled } from "../src/embedded-db/install.js";
import { readRunningUri, startEmbeddedDb } from "../src/embedded-db/server.js";
import { normalizeFeedUrl } from "../src/feeds/normalize/url.js";
import type { RefreshSummary } from "../src/ingest/ingest-deps.js";
import { loadDefaultFeeds } from "../src/ingest/load-default-feeds.js";
import type { RunSummary } from "../src/ingest/refresh-due-feeds.js";
import { connectDatabase, type DatabaseConnection, redactUri } from "../src/store/connect.js";
import { ensureIndexes } from "../src/store/indexes.js";
import { FEEDS_USAGE, runFeedsCommand } from "./feeds-cli.js";
import { type IngestJob, openIngestJob } from "./ingest-feeds.js";

const USAGE = ["usage: tsx jobs/run.ts ingest --once [--feed <id|url>]", ...FEEDS_USAGE].join("\n       ");
const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`${line}\n`);

/** What runs until the end: the database (and an embedded server we started), the job. */
interface Opened {
  connection: DatabaseConnection;
  job: IngestJob;
  close(): Promise<void>;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "feeds") {
    const out = (text: string) => new Promise<void>((done) => process.stdout.write(text, () => done()));
    return runFeedsCommand(argv.slice(1), { env: process.env, connect, out, complain });
  }
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { once: { type: "boolean" }, feed: { type: "string" } },
    });
  } catch (error) {
    complain(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (args.positionals[0] !== "ingest" || args.positionals.length !== 1 || !args.values.once) {
    complain(USAGE);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    complain(error instanceof ConfigError ? error.message : String(error));
    return 1;
  }
  let opened: Opened;
  try {
    opened = await open(config);
  } catch (error) {
    complain(`ingest: cannot start: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  try {
    return args.values.feed === undefined ? await ingestDue(opened.job) : await ingestOne(opened.job, args.values.feed);
  } finally {
    await opened.close();
  }
}

async function open(config: Config): Promise<Opened> {
  const { connection, stopServer } = await connect(config);
  try {
    await ensureIndexes(connection.db);
    if (config.ingest.loadDefaultFeeds) {
      const report = await loadDefaultFeeds(connection.db, { normalizeUrl: normalizeFeedUrl, now: new Date() });
      complain(`ingest: default feeds: ${report.added} added, ${report.existing} already registered`);
    }
    const job = await openIngestJob(config, connection.db);
    return {
      connection,
      job,
      async close() {
        await job.close();
        await connection.close();
        await stopServer();
      },
    };
  } catch (error) {
    await connection.close();
    await stopServer();
    throw error;
  }
}

/** The configured database; for the embedded one, the service's server if it runs, else our own. */
async function connect(config: Config): Promise<{ connection: DatabaseConnection; stopServer: () => Promise<void> }> {
  const db = config.database;
  const options = {
    dbName: db.name,
    timeoutMs: db.timeoutMs,
    socketTimeoutMs: db.socketTimeoutMs,
    appName: "hng-job-run",
  };
  if (db.kind === "external") {
    return { connection: await connectDatabase({ uri: db.uri, ...options }), stopServer: async () => {} };
  }
  const dataDir = resolve(db.dataDir, "documentdb");
  const serviceUri = await readRunningUri(dataDir);
  if (serviceUri) {
    try {
      return {
        connection: await connectDatabase({ ...options, uri: serviceUri, timeoutMs: 1_500 }),
        stopServer: async () => {},
      };
    } catch {
      complain(`ingest: the service's database at ${redactUri(serviceUri)} does not answer`);
    }
  }
  complain(`ingest: starting the embedded database on ${dataDir}`);
  const installation = await ensureEmbeddedDbInstalled(complain);
  const server = await startEmbeddedDb({ installation, dataDir, port: db.port });
  try {
    return { connection: await connectDatabase({ ...options, uri: server.uri }), stopServer: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function ingestDue(job: IngestJob): Promise<number> {
  const run = await job.run(new Date(), (summary) => say(progressLine(summary)));
  say(summaryLine(run));
  if (run.stoppedEarly !== null) {
    complain(`ingest: run stopped early: ${run.stoppedEarly}`);
    return 1;
  }
  return 0;
}

async function ingestOne(job: IngestJob, idOrUrl: string): Promise<number> {
  const summary = await job.refreshOne(idOrUrl, new Date());
  if (summary === null) {
    complain(`ingest: no feed with id or URL "${idOrUrl}"`);
    return 1;
  }
  say(progressLine(summary));
  return 0;
}

function progressLine(summary: RefreshSummary): string {
  const outcome = summary.outcome.padEnd(12);
  const items = `+${summary.itemsNew} new ~${summary.itemsUpdated} updated`.padEnd(22);
  const time = `${summary.durationMs} ms`.padStart(8);
  const why = summary.errorCode ? `  ${summary.errorCode}: ${summary.message ?? ""}` : "";
  return `${outcome} ${items} ${time}  ${summary.url}${why}`;
}

function summaryLine(run: RunSummary): string {
  return (
    `ingest: ${run.feeds} feeds: ${run.ok} ok, ${run.failed} failed, ${run.notModified} not modified, ` +
    `${run.unchanged} unchanged; items ${run.itemsNew} new, ${run.itemsUpdated} updated ` +
    `(${(run.durationMs / 1000).toFixed(1)} s)`
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    complain(`ingest: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
