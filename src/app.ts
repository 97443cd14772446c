import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";

import { crontab } from "../jobs/crontab.js";
import { type Scheduler, startScheduler } from "../jobs/scheduler.js";
import { createApiKeyVerifier } from "./auth/api-keys.js";
import type { Config } from "./config/config.js";
import { ensureFerretDbInstalled } from "./embedded-db/install.js";
import { type EmbeddedDb, startEmbeddedDb } from "./embedded-db/server.js";
import { buildGraphQLSchema } from "./graphql/build-schema.js";
import { checkHealth } from "./health/check-health.js";
import type { Logger } from "./log/logger.js";
import { createHttpServer } from "./server/http-server.js";
import { connectDatabase, type DatabaseConnection, pingDatabase, redactUri } from "./store/connect.js";
import { ensureIndexes } from "./store/indexes.js";
import { SERVICE_VERSION } from "./version.js";

/** A running service: its address and one way to stop it. */
export interface App {
  url: string;
  databaseUri: string;
  embeddedDb: EmbeddedDb | null;
  database: DatabaseConnection;
  scheduler: Scheduler | null;
  /** Stops in order: HTTP (drain), jobs, database client, embedded server. */
  stop(): Promise<void>;
}

/** Readiness probes must answer quickly even when the database hangs. */
const PING_TIMEOUT_MS = 1_000;

/** Composes the service: database, indexes, schema, HTTP, jobs. Undoes what it did on failure. */
export async function startApp(config: Config, logger: Logger): Promise<App> {
  const cleanup: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const step of cleanup.reverse()) await step();
  };
  try {
    const embeddedDb = config.database.kind === "embedded" ? await startEmbedded(config, logger) : null;
    if (embeddedDb) cleanup.push(() => embeddedDb.stop());
    const databaseUri = embeddedDb?.uri ?? (config.database.kind === "external" ? config.database.uri : "");

    const database = await connectDatabase({
      uri: databaseUri,
      dbName: config.database.name,
      timeoutMs: config.database.timeoutMs,
    });
    cleanup.push(() => database.close());
    logger.info({ uri: redactUri(databaseUri), db: config.database.name }, "database: connected");
    await ensureIndexes(database.db);

    const ping = () => pingDatabase(database.db, PING_TIMEOUT_MS);
    const schema = await buildGraphQLSchema({
      health: { check: () => checkHealth({ version: SERVICE_VERSION, pingDatabase: ping }) },
    });
    const http = await createHttpServer({
      schema,
      logger,
      production: config.env === "production",
      introspection: config.env !== "production",
      auth: { verify: createApiKeyVerifier(config.api.keys), requireKey: config.api.requireKeyForQueries },
      playground: config.playgroundEnabled,
      version: SERVICE_VERSION,
      pingDatabase: ping,
    });
    cleanup.push(() => http.close());
    const address = await http.listen(config.http.port, config.http.host);
    const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;

    const scheduler = config.jobsEnabled ? startScheduler(crontab({}), logger) : null;
    if (scheduler) cleanup.push(() => scheduler.stop());

    logger.info({ url, graphql: `${url}/graphql` }, "http: listening");
    return { url, databaseUri, embeddedDb, database, scheduler, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startEmbedded(config: Config, logger: Logger): Promise<EmbeddedDb> {
  if (config.database.kind !== "embedded") throw new Error("unreachable: not an embedded database");
  const binary = await ensureFerretDbInstalled((line) => logger.info(line));
  const dataDir = resolve(config.database.dataDir, "ferretdb");
  await mkdir(dataDir, { recursive: true });
  const db = await startEmbeddedDb({ binary, dataDir, port: config.database.port });
  logger.info({ uri: db.uri, dataDir, pid: db.pid }, "database: embedded FerretDB started");
  return db;
}
