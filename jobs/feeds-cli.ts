/**
 * The feed list from the command line (dispatched by jobs/run.ts):
 *
 *   tsx jobs/run.ts feeds import <file.opml>   registers the feeds of an OPML file
 *   tsx jobs/run.ts feeds export [<file>]      writes every registered feed as OPML (stdout without a file)
 *
 * The same use-cases as the API's `importOpml` (src/ingest/add-feeds.ts: parse the OPML, then
 * register what is missing) and as the service's OPML export. The file is read and parsed before
 * anything is started, so a bad file costs no database start. Exit 0 when the command ran (some
 * feeds may be refused: each is listed with its reason), 1 when it could not start or the file
 * cannot be read, parsed or written, 2 for bad arguments.
 */
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";

import type { Db } from "mongodb";

import { type Config, ConfigError, loadConfig } from "../src/config/config.js";
import { normalizeFeedUrl } from "../src/feeds/normalize/url.js";
import { addFeeds, type AddFeedsReport, exportOpml } from "../src/ingest/add-feeds.js";
import { OpmlError, type OpmlFeed, parseOpml } from "../src/ingest/opml.js";
import type { DatabaseConnection } from "../src/store/connect.js";
import { ensureIndexes } from "../src/store/indexes.js";

export const FEEDS_USAGE = ["tsx jobs/run.ts feeds import <file.opml>", "tsx jobs/run.ts feeds export [<file>]"];

/** What the command needs from its caller: the environment, the database opener, the output. */
export interface FeedsCliDeps {
  env: NodeJS.ProcessEnv;
  /** Opens the configured database the way the other one-shot jobs do (jobs/run.ts). */
  connect(config: Config): Promise<{ connection: DatabaseConnection; stopServer: () => Promise<void> }>;
  /** Writes to stdout; resolves once written (an export may be large). */
  out(text: string): Promise<void>;
  complain(line: string): void;
}

type FeedsCommand = { kind: "import"; file: string } | { kind: "export"; file: string | null };

/** Runs `feeds <import|export> ...` (argv after "feeds"); resolves with the exit code. */
export async function runFeedsCommand(argv: string[], deps: FeedsCliDeps): Promise<number> {
  const command = parseFeedsArgs(argv);
  if (typeof command === "string") {
    deps.complain(`${command}\nusage: ${FEEDS_USAGE.join("\n       ")}`);
    return 2;
  }
  let feeds: OpmlFeed[] = [];
  if (command.kind === "import") {
    const read = await readOpmlFile(command.file);
    if (typeof read === "string") return fail(deps, read);
    feeds = read;
  }
  let config: Config;
  try {
    config = loadConfig(deps.env);
  } catch (error) {
    return fail(deps, error instanceof ConfigError ? error.message : String(error));
  }
  return withDatabase(deps, config, (db) =>
    command.kind === "import" ? importFeeds(deps, db, command.file, feeds) : exportFeeds(deps, db, command.file),
  );
}

/** The command, or what is wrong with the arguments. */
export function parseFeedsArgs(argv: string[]): FeedsCommand | string {
  let positionals: string[];
  try {
    positionals = parseArgs({ args: argv, allowPositionals: true, options: {} }).positionals;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const [verb, file, ...extra] = positionals;
  if (extra.length > 0) return `feeds ${verb}: unexpected argument "${extra[0]}"`;
  if (verb === "import") return file ? { kind: "import", file } : "feeds import: which OPML file?";
  if (verb === "export") return { kind: "export", file: file ?? null };
  return verb === undefined ? "feeds: import or export?" : `feeds: unknown command "${verb}"`;
}

/** The feed lines of an OPML file, or why the file cannot be used (naming it). */
async function readOpmlFile(file: string): Promise<OpmlFeed[] | string> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error);
    return `feeds import: cannot read ${file}: ${reason}`;
  }
  try {
    return parseOpml(text).feeds;
  } catch (error) {
    if (error instanceof OpmlError) return `feeds import: cannot use ${file}: ${error.message}`;
    throw error;
  }
}

async function importFeeds(deps: FeedsCliDeps, db: Db, file: string, feeds: OpmlFeed[]): Promise<number> {
  const report = await addFeeds(db, feeds, { normalizeUrl: normalizeFeedUrl, now: new Date() });
  const lines = report.rejected.map((rejected) => `refused  ${rejected.url}  ${rejected.reason}`);
  await deps.out([...lines, importSummary(file, report)].map((line) => `${line}\n`).join(""));
  return 0;
}

function importSummary(file: string, report: AddFeedsReport): string {
  return (
    `feeds import: ${file}: ${report.added} added, ${report.existing} already registered, ` +
    `${report.rejected.length} refused`
  );
}

async function exportFeeds(deps: FeedsCliDeps, db: Db, file: string | null): Promise<number> {
  const opml = await exportOpml(db, { now: new Date() });
  // buildOpml writes one flat outline per feed.
  const count = opml.split("\n").filter((line) => line.trimStart().startsWith("<outline ")).length;
  if (file === null) {
    await deps.out(opml);
    // stdout carries only the document, so it can be redirected or piped as is.
    deps.complain(`feeds export: ${count} feeds`);
    return 0;
  }
  try {
    await writeFile(file, opml, "utf8");
  } catch (error) {
    return fail(deps, `feeds export: cannot write ${file}: ${String(error)}`);
  }
  await deps.out(`feeds export: ${count} feeds written to ${file}\n`);
  return 0;
}

async function withDatabase(deps: FeedsCliDeps, config: Config, use: (db: Db) => Promise<number>): Promise<number> {
  let opened: Awaited<ReturnType<FeedsCliDeps["connect"]>>;
  try {
    opened = await deps.connect(config);
  } catch (error) {
    return fail(deps, `feeds: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    // The registry's unique URL index is what keeps an import from registering a feed twice.
    await ensureIndexes(opened.connection.db);
    return await use(opened.connection.db);
  } catch (error) {
    return fail(deps, `feeds: the database failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await opened.connection.close();
    await opened.stopServer();
  }
}

function fail(deps: FeedsCliDeps, message: string): number {
  deps.complain(message);
  return 1;
}
