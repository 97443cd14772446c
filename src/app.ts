import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";

import type { Db } from "mongodb";

import { crontab } from "../jobs/crontab.js";
import { loadDefaultFeedsAtStartup, openIngestJob } from "../jobs/ingest-feeds.js";
import { runRelinkJob } from "../jobs/relink.js";
import { type Scheduler, startScheduler } from "../jobs/scheduler.js";
import { createApiKeyVerifier } from "./auth/api-keys.js";
import { createCatalogEditor } from "./catalog/catalog-editor.js";
import { loadCatalog } from "./catalog/load-catalog.js";
import { readCatalog } from "./catalog/read-catalog.js";
import type { Config } from "./config/config.js";
import { ensureEmbeddedDbInstalled } from "./embedded-db/install.js";
import { type EmbeddedDb, startEmbeddedDb } from "./embedded-db/server.js";
import { announceCatalogEdits, announceFeedRefreshes, announceFeedRuns } from "./events/announce.js";
import { EventBus } from "./events/event-bus.js";
import { publishArticleChanges } from "./events/publish-changes.js";
import { createBusPubSub } from "./events/pubsub.js";
import { resolveWithSystemDns } from "./feeds/fetch/address-guard.js";
import { parseAllowList } from "./feeds/fetch/allow-list.js";
import { buildGraphQLSchema } from "./graphql/build-schema.js";
import { checkHealth } from "./health/check-health.js";
import { createFeedAdmin } from "./ingest/feed-admin.js";
import type { Logger } from "./log/logger.js";
import { calendarRoutes } from "./server/calendar-routes.js";
import { feedsRoutes } from "./server/feeds-routes.js";
import { createHttpServer } from "./server/http-server.js";
import { attachWsServer } from "./server/ws-server.js";
import { connectDatabase, type DatabaseConnection, pingDatabase, redactUri } from "./store/connect.js";
import { openEventBusLog, readArticleEventFacts } from "./store/event-bus.js";
import { ensureIndexes } from "./store/indexes.js";
import { createReadServices } from "./timeline/read-services.js";
import { SERVICE_VERSION } from "./version.js";

/** A running service: its address and one way to stop it. */
export interface App {
  url: string;
  databaseUri: string;
  embeddedDb: EmbeddedDb | null;
  database: DatabaseConnection;
  scheduler: Scheduler | null;
  /** The cross-instance event bus (D8): subscriptions, published feeds and tests read it. */
  bus: EventBus;
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
      socketTimeoutMs: config.database.socketTimeoutMs,
    });
    cleanup.push(() => database.close());
    logger.info({ uri: redactUri(databaseUri), db: config.database.name }, "database: connected");
    await ensureIndexes(database.db);
    await loadCatalogAtStartup(database.db, logger);
    await loadDefaultFeedsAtStartup(config, database.db, logger);

    const ping = () => pingDatabase(database.db, PING_TIMEOUT_MS);
    // Live news (issue 6): every write below is announced on the bus once acknowledged (D8).
    const events = config.events;
    const busLog = await openEventBusLog(database.db, { retention: events.retention });
    const bus = new EventBus(busLog, { ...events, logger: logger.child({ component: "event-bus" }) });
    await bus.start();
    cleanup.push(() => bus.stop());
    const announceFailed = (error: unknown, what: string) =>
      logger.error({ err: error, what }, "events: not announced");
    // The API's feed mutations run the ingest job's own use-case, with the job's dependencies.
    const ingestJob = announceFeedRuns(
      await openIngestJob(config, database.db, {
        logger,
        onArticlesChanged: (change) =>
          publishArticleChanges(bus, (ids) => readArticleEventFacts(database.db, ids), change),
      }),
      bus,
      announceFailed,
    );
    cleanup.push(() => ingestJob.close());
    const readServices = createReadServices(database.db);
    const schema = await buildGraphQLSchema(
      {
        health: { check: () => checkHealth({ version: SERVICE_VERSION, pingDatabase: ping }) },
        ...readServices,
        catalogEditor: announceCatalogEdits(createCatalogEditor(database.db), bus, announceFailed),
        feedAdmin: announceFeedRefreshes(
          createFeedAdmin({
            ingest: ingestJob.deps,
            allowList: parseAllowList(config.fetch.allowList),
            resolveHost: resolveWithSystemDns,
            now: () => new Date(),
          }),
          bus,
          announceFailed,
        ),
      },
      { pubSub: createBusPubSub(bus, (error) => announceFailed(error, "pubSub.publish")) },
    );
    const auth = { verify: createApiKeyVerifier(config.api.keys), requireKey: config.api.requireKeyForQueries };
    // Self links need the public address: PUBLIC_URL, else where the server listens (known below).
    let publicUrl = config.publicUrl ?? "";
    const published = { ...readServices, publicUrl: () => publicUrl };
    const http = await createHttpServer({
      schema,
      logger,
      production: config.env === "production",
      introspection: config.env !== "production",
      auth,
      playground: config.playgroundEnabled,
      version: SERVICE_VERSION,
      pingDatabase: ping,
      webSocket: (server) =>
        attachWsServer({
          server,
          schema,
          logger,
          production: config.env === "production",
          introspection: config.env !== "production",
          auth,
          origins: { allowed: config.ws.allowedOrigins, publicOrigin: config.publicUrl },
          maxPayloadBytes: config.ws.maxPayloadBytes,
          maxConnectionsPerAddress: config.ws.maxConnectionsPerIp,
          maxSubscriptionsPerConnection: config.ws.maxOperationsPerConnection,
        }),
      routers: [feedsRoutes(published), calendarRoutes(published)],
    });
    cleanup.push(() => http.close());
    const address = await http.listen(config.http.port, config.http.host);
    const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
    publicUrl ||= url;

    const scheduler = config.jobsEnabled
      ? startScheduler(
          crontab({
            // The same wrapped job as the mutations, so cron runs announce feed health too.
            ingest: { schedule: config.ingest.cron, run: () => ingestJob.run() },
            relink: { schedule: RELINK_CRON, run: () => runRelinkJob({ db: database.db, logger }) },
          }),
          logger,
        )
      : null;
    if (scheduler) cleanup.push(() => scheduler.stop());

    logger.info({ url, graphql: `${url}/graphql` }, "http: listening");
    return { url, databaseUri, embeddedDb, database, scheduler, bus, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Hourly, off the ingest ticks: a no-op (one count) when every article has the current catalog. */
const RELINK_CRON = "17 * * * *";

/**
 * The committed catalog (schema/catalog) is loaded at every start, idempotently: a broken
 * catalog file stops start-up with the file, entry and field it names.
 */
async function loadCatalogAtStartup(db: Db, logger: Logger): Promise<void> {
  const result = await loadCatalog(db, await readCatalog());
  logger.info(result, "catalog: loaded");
}

async function startEmbedded(config: Config, logger: Logger): Promise<EmbeddedDb> {
  if (config.database.kind !== "embedded") throw new Error("unreachable: not an embedded database");
  const installation = await ensureEmbeddedDbInstalled((line) => logger.info(line));
  const dataDir = resolve(config.database.dataDir, "documentdb");
  await mkdir(dataDir, { recursive: true });
  const db = await startEmbeddedDb({ installation, dataDir, port: config.database.port });
  logger.info(
    { uri: redactUri(db.uri), dataDir, gatewayPid: db.pid, postgresPid: db.postgresPid },
    "database: embedded DocumentDB started",
  );
  return db;
}
