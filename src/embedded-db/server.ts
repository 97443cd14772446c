import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";

import { startGateway } from "./gateway.js";
import type { Installation } from "./install.js";
import { ownBy, startPostgres } from "./postgres-cluster.js";
import { runCommand, type ServiceUser, serviceUser } from "./processes.js";

/** A running embedded DocumentDB: PostgreSQL with the extensions, and the gateway in front. */
export interface EmbeddedDb {
  /** mongodb:// URI with this run's credentials (redact before logging). */
  readonly uri: string;
  readonly port: number;
  /** The gateway's pid (the process the driver talks to). */
  readonly pid: number;
  readonly postgresPid: number;
  /** Runs SQL as PostgreSQL's superuser: for diagnostics and benchmarks, never for app data. */
  sql(statement: string): Promise<string>;
  /** Stops the gateway, then PostgreSQL (fast shutdown), waiting for both. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  installation: Installation;
  /** Holds `pgdata/` (the cluster) and `gateway/` (its setup and TLS pair); kept across restarts. */
  dataDir: string;
  /** The gateway's port on 127.0.0.1; 0 picks a free one (the result says which). */
  port: number;
  startTimeoutMs?: number;
}

export class EmbeddedDbStartError extends Error {
  readonly code = "EMBEDDED_DB_START_FAILED";
}

/** The role the service connects as; names under the gateway's blocked prefixes are refused. */
const APP_ROLE = "hng_app";

/**
 * Starts the embedded database on `dataDir`: initialises the cluster the first time, creates the
 * `documentdb` extension, gives the app role the data folder's generated password, and starts
 * the gateway. Both servers are tied to this process (setpriv --pdeathsig), so nothing is left
 * running when it dies, and a restart after a crash recovers the same data.
 */
export async function startEmbeddedDb(options: StartOptions): Promise<EmbeddedDb> {
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const user = serviceUser();
  await mkdir(options.dataDir, { recursive: true });
  await ownBy(options.dataDir, user);
  await checkReachable(options.dataDir, user);
  const postgres = await startPostgres({
    pgBinDir: options.installation.pgBinDir,
    pgData: join(options.dataDir, "pgdata"),
    user,
    startTimeoutMs: timeoutMs,
  }).catch((error: unknown) => {
    throw new EmbeddedDbStartError(`embedded database: ${errorText(error)}`, { cause: error });
  });
  try {
    const password = await appPassword(options.dataDir);
    await postgres.sql(setupSql(password));
    const gateway = await startGateway({
      binary: options.installation.gatewayBinary,
      dir: join(options.dataDir, "gateway"),
      socketDir: postgres.socketDir,
      user,
      port: options.port === 0 ? await freePort() : options.port,
      startTimeoutMs: timeoutMs,
    });
    const uri =
      `mongodb://${APP_ROLE}:${password}@127.0.0.1:${gateway.port}/` +
      "?directConnection=true&authMechanism=SCRAM-SHA-256";
    await writeFile(uriFile(options.dataDir), `${uri}\n`, { mode: 0o600 });
    return {
      uri,
      port: gateway.port,
      pid: gateway.pid,
      postgresPid: postgres.pid,
      sql: (statement) => postgres.sql(statement),
      async stop(graceMs = 10_000) {
        await rm(uriFile(options.dataDir), { force: true });
        await gateway.stop(Math.min(graceMs, 3_000));
        await postgres.stop(graceMs);
      },
    };
  } catch (error) {
    await postgres.stop(5_000);
    throw new EmbeddedDbStartError(`embedded database: ${errorText(error)}`, { cause: error });
  }
}

/** Under root, PostgreSQL runs as `postgres`, which must be able to enter every folder above the data. */
async function checkReachable(dataDir: string, user: ServiceUser): Promise<void> {
  if (user.uid === undefined) return;
  if ((await runCommand("test", ["-w", dataDir, "-a", "-x", dataDir], { user })).code === 0) return;
  throw new EmbeddedDbStartError(
    `embedded database: the \`${user.name}\` account (PostgreSQL refuses to run as root) cannot enter ${dataDir}; ` +
      "make the folders above it searchable (chmod o+x) or set DATA_DIR to a folder it can reach",
  );
}

/**
 * The app role's password: random, made when the data folder is new (so every test run, on its
 * fresh folder, has its own), kept in the folder for restarts, readable by its owner only.
 */
async function appPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, "app-password");
  const existing = (await readFile(file, "utf8").catch(() => "")).trim();
  if (/^[0-9a-f]{48}$/.test(existing)) return existing;
  const password = randomBytes(24).toString("hex");
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * Idempotent: the extension on the first start (it brings documentdb_core, pg_cron,
 * tsm_system_rows, vector, postgis and rum), and the app role with its password.
 */
function setupSql(password: string): string {
  return `
CREATE EXTENSION IF NOT EXISTS documentdb CASCADE;
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
    CREATE ROLE ${APP_ROLE} WITH LOGIN IN ROLE documentdb_admin_role;
  END IF;
END $$;
ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD '${password}';
`;
}

/**
 * Where a running server leaves its URI for other processes of the same checkout (the job CLI),
 * readable by its owner only; removed at stop. A crash may leave a stale one: connect to check.
 */
const uriFile = (dataDir: string) => join(dataDir, "connection-uri");

export async function readRunningUri(dataDir: string): Promise<string | null> {
  const text = await readFile(uriFile(dataDir), "utf8").catch(() => null);
  return text?.trim() || null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
