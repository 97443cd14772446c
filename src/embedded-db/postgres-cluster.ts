import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chown, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { lastLines, runChecked, runCommand, type ServiceUser, spawnTethered, stopChild, tailOf } from "./processes.js";

/**
 * Settings DocumentDB needs (../shared/vendor/README.md, upstream's start_oss_server.sh), plus
 * ours: no TCP listener at all (the gateway reaches PostgreSQL through a private socket folder),
 * pg_cron in background workers (no connection to authenticate), no per-run cron history (the
 * index-build jobs run every 2 s), and bounded logs.
 */
const SERVER_SETTINGS = `
# Written by src/embedded-db/postgres-cluster.ts
listen_addresses = ''
shared_preload_libraries = 'pg_cron, pg_documentdb_core, pg_documentdb'
cron.database_name = 'postgres'
cron.use_background_workers = on
cron.log_run = off
cron.log_statement = off
max_worker_processes = 24
documentdb.enableBackgroundWorker = true
documentdb.enableBackgroundWorkerJobs = true
logging_collector = on
log_directory = 'log'
log_filename = 'postgresql-%a.log'
log_truncate_on_rotation = on
log_rotation_age = '1d'
log_rotation_size = '20MB'
log_min_messages = warning
`;

/**
 * Only local (Unix-socket) connections exist, in a folder only the service user can enter. The
 * gateway is the authentication boundary: it checks SCRAM-SHA-256 itself, then opens its
 * PostgreSQL sessions as the authenticated role with no password, which needs trust here.
 */
const HBA = "# Written by src/embedded-db/postgres-cluster.ts\nlocal all all trust\n";

export interface RunningPostgres {
  socketDir: string;
  /** Runs SQL as the superuser and returns psql's unaligned output. */
  sql(statement: string): Promise<string>;
  stop(graceMs: number): Promise<void>;
  /** The postmaster's pid. */
  pid: number;
}

export interface ClusterOptions {
  pgBinDir: string;
  /** The cluster's folder (`PGDATA`); initialised when it holds no cluster yet. */
  pgData: string;
  user: ServiceUser;
  startTimeoutMs: number;
}

/** Starts PostgreSQL on `pgData` (creating the cluster the first time) and waits until it answers. */
export async function startPostgres(options: ClusterOptions): Promise<RunningPostgres> {
  const { pgBinDir, pgData, user } = options;
  if (!existsSync(join(pgData, "PG_VERSION"))) await initCluster(options);
  await stopOrphanPostmaster(pgData);

  const socketDir = await mkdtemp(join(tmpdir(), "hng-pg-"));
  await ownBy(socketDir, user);
  const child = spawnTethered(
    join(pgBinDir, "postgres"),
    ["-D", pgData, "-k", socketDir, "-c", `documentdb.localhost_connection_string=host=${socketDir}`],
    // SIGINT is PostgreSQL's fast shutdown: sessions end, the data is checkpointed cleanly.
    { user, deathSignal: "SIGINT" },
  );
  const tail = tailOf(child);
  const sql = (statement: string) =>
    runChecked(
      join(pgBinDir, "psql"),
      ["-h", socketDir, "-U", user.name, "-d", "postgres", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"],
      { user, input: statement },
    ).then((out) => out.trim());
  try {
    await waitUntilReady(child, pgBinDir, socketDir, user, options.startTimeoutMs, () => logTail(pgData, tail()));
  } catch (error) {
    await stopChild(child, "SIGQUIT", 2_000);
    await rm(socketDir, { recursive: true, force: true });
    throw error;
  }
  return {
    socketDir,
    sql,
    pid: child.pid ?? 0,
    async stop(graceMs) {
      await stopChild(child, "SIGINT", graceMs);
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}

async function initCluster({ pgBinDir, pgData, user }: ClusterOptions): Promise<void> {
  await mkdir(pgData, { recursive: true, mode: 0o700 });
  await ownBy(pgData, user);
  await runChecked(
    join(pgBinDir, "initdb"),
    ["-D", pgData, "-U", user.name, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"],
    { user },
  );
  const conf = join(pgData, "postgresql.conf");
  await writeFile(conf, `${await readFile(conf, "utf8")}\n${SERVER_SETTINGS}`);
  await writeFile(join(pgData, "pg_hba.conf"), HBA);
  // pg_documentdb keeps cursor spill files here and warns at start when it is missing.
  await mkdir(join(pgData, "pg_documentdb_cursor_files"), { mode: 0o700 });
  await ownBy(join(pgData, "pg_documentdb_cursor_files"), user);
}

/**
 * A postmaster still running on this folder makes a new one refuse the lock file. If the process
 * that started it is gone (it was re-parented, e.g. after a kill in a sandbox without
 * PR_SET_PDEATHSIG), it is an orphan: ask it to shut down first. If its parent is a live Node
 * process, another service or test run uses this folder: an error, not something to take over.
 * A stale lock file whose pid is gone is PostgreSQL's own business (it runs crash recovery).
 */
async function stopOrphanPostmaster(pgData: string): Promise<void> {
  const lock = await readFile(join(pgData, "postmaster.pid"), "utf8").catch(() => null);
  const pid = Number(lock?.split("\n")[0]);
  if (!pid || !isPostgres(pid)) return;
  const parent = parentOf(pid);
  if (parent !== null && readComm(parent) === "node") {
    throw new Error(`${pgData} is in use by PostgreSQL pid ${pid}, started by the running process ${parent}`);
  }
  process.kill(pid, "SIGINT");
  for (let waited = 0; waited < 30_000 && isPostgres(pid); waited += 100) await sleep(100);
}

const readComm = (pid: number) => readProc(pid, "comm")?.trim() ?? null;

function isPostgres(pid: number): boolean {
  return readComm(pid)?.startsWith("postgres") ?? false;
}

function parentOf(pid: number): number | null {
  const match = /^PPid:\s+(\d+)/m.exec(readProc(pid, "status") ?? "");
  return match ? Number(match[1]) : null;
}

function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return null;
  }
}

async function waitUntilReady(
  child: ChildProcess,
  pgBinDir: string,
  socketDir: string,
  user: ServiceUser,
  timeoutMs: number,
  diagnostics: () => Promise<string>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`PostgreSQL exited at start (code ${child.exitCode}):\n${await diagnostics()}`);
    }
    const probe = await runCommand(join(pgBinDir, "pg_isready"), ["-h", socketDir, "-d", "postgres", "-q"], { user });
    if (probe.code === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms:\n${await diagnostics()}`);
    }
    await sleep(50);
  }
}

/** The child's own output, or the collector's newest log file once it has taken over. */
async function logTail(pgData: string, childOutput: string): Promise<string> {
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const today = await readFile(join(pgData, "log", `postgresql-${days[new Date().getDay()]}.log`), "utf8").catch(
    () => "",
  );
  return [childOutput, lastLines(today, 20)].filter(Boolean).join("\n");
}

export async function ownBy(path: string, user: ServiceUser): Promise<void> {
  if (user.uid !== undefined && user.gid !== undefined) await chown(path, user.uid, user.gid);
}
