import { availableParallelism } from "node:os";

import type { Db } from "mongodb";

import { readCatalog } from "../src/catalog/read-catalog.js";
import { openStoredCatalogLinker } from "../src/catalog/stored-catalog-linker.js";
import type { Config } from "../src/config/config.js";
import { createFetcher } from "../src/feeds/fetch/fetcher.js";
import { normalizeFeedUrl } from "../src/feeds/normalize/url.js";
import { createParserPool } from "../src/feeds/parse/parser-pool.js";
import type { ArticlesChanged, IngestDeps, RefreshSummary } from "../src/ingest/ingest-deps.js";
import { loadDefaultFeeds } from "../src/ingest/load-default-feeds.js";
import { refreshDueFeeds, type RunSummary } from "../src/ingest/refresh-due-feeds.js";
import { refreshFeed } from "../src/ingest/refresh-feed.js";
import { createSchedulePolicy } from "../src/ingest/schedule.js";
import type { Logger } from "../src/log/logger.js";
import { findFeed } from "../src/store/feeds.js";
import { searchTokensOf } from "../src/timeline/search-tokens.js";

/** The ingest job, built once per process: the scheduler, the CLI and tests call its methods. */
export interface IngestJob {
  readonly deps: IngestDeps;
  /** Refreshes every due feed (the cron row and `run.ts ingest --once`). */
  run(now?: Date, onFeedDone?: (summary: RefreshSummary) => void): Promise<RunSummary>;
  /** Refreshes one feed now, by id or URL; null when no such feed is registered. */
  refreshOne(idOrUrl: string, now?: Date): Promise<RefreshSummary | null>;
  /** Stops the parser workers. */
  close(): Promise<void>;
}

export interface IngestJobOptions {
  logger?: Logger;
  /** Publish hook, called after a feed's article writes are acknowledged. */
  onArticlesChanged?: (change: ArticlesChanged) => void | Promise<void>;
}

/** A lease outlives one fetch (its deadline), a parse and the writes, with a wide margin. */
export const leaseMsFor = (config: Config) => Math.max(5 * 60_000, 3 * config.fetch.timeoutMs);

/**
 * Builds the job's dependencies from the configuration: fetcher (timeouts, size cap, per-host
 * limit, SSRF allow-list), a parser worker pool, the normaliser, a linker over the stored catalog
 * (schema/catalog as loaded, plus the API's aliases and events; the files themselves while the
 * database holds no catalog), and the polling policy. Each run first checks whether the stored
 * catalog changed (one read by `_id`) and rebuilds the linker if so: no restart needed.
 */
export async function openIngestJob(config: Config, db: Db, options: IngestJobOptions = {}): Promise<IngestJob> {
  const catalogLinker = await openStoredCatalogLinker(db, { whenEmpty: () => readCatalog() });
  const logger = options.logger?.child({ job: "ingest-feeds" });
  // One core stays with the API's thread: more busy workers than free cores and the OS itself
  // starves the event loop (bench/event-loop.bench.ts measured 57 ms with 4 workers on 2 cores).
  const cores = availableParallelism();
  const parser = createParserPool({ size: Math.max(1, Math.min(4, cores - 1, config.ingest.concurrency)) });
  const deps: IngestDeps = {
    db,
    fetcher: createFetcher({
      timeoutMs: config.fetch.timeoutMs,
      maxBodyBytes: config.fetch.maxBodyBytes,
      maxConcurrentPerHost: config.fetch.perHostLimit,
      allowList: config.fetch.allowList,
    }),
    parser,
    linker: catalogLinker.linker,
    searchTokensOf,
    policy: createSchedulePolicy({
      floorMs: config.ingest.intervalFloorMs,
      ceilingMs: config.ingest.intervalCeilingMs,
      backoffBaseMs: config.ingest.backoffBaseMs,
      backoffCapMs: config.ingest.backoffCapMs,
    }),
    leaseMs: leaseMsFor(config),
    ...(logger ? { logger } : {}),
    ...(options.onArticlesChanged ? { onArticlesChanged: options.onArticlesChanged } : {}),
  };
  // A run never throws (its failures are per feed): a catalog that cannot be read now keeps
  // the linker of the last build, and the next run checks again.
  const refreshLinker = async () => {
    try {
      if (await catalogLinker.refresh()) {
        logger?.info(
          { catalogVersion: catalogLinker.linker.catalogVersion },
          "ingest: catalog changed, linker rebuilt",
        );
      }
    } catch (error) {
      logger?.warn({ err: error }, "ingest: cannot check the stored catalog; linking with the last one read");
    }
  };
  return {
    deps,
    async run(now = new Date(), onFeedDone) {
      await refreshLinker();
      return refreshDueFeeds(deps, now, {
        concurrency: config.ingest.concurrency,
        ...(onFeedDone ? { onFeedDone } : {}),
      });
    },
    async refreshOne(idOrUrl, now = new Date()) {
      await refreshLinker();
      const feed = (await findFeed(db, idOrUrl)) ?? (await findFeed(db, normalizeOrSame(idOrUrl)));
      return feed ? refreshFeed(deps, feed.id, now) : null;
    },
    close: () => parser.close(),
  };
}

function normalizeOrSame(url: string): string {
  try {
    return normalizeFeedUrl(url);
  } catch {
    return url;
  }
}

/**
 * Registers the default feeds that are missing (DEFAULT_FEEDS_LOAD). Never breaks start-up: a
 * failure is logged and the service runs with the feeds it has.
 */
export async function loadDefaultFeedsAtStartup(config: Config, db: Db, logger: Logger): Promise<void> {
  if (!config.ingest.loadDefaultFeeds) return;
  try {
    const report = await loadDefaultFeeds(db, { normalizeUrl: normalizeFeedUrl, now: new Date() });
    logger.info(
      { added: report.added, existing: report.existing, rejected: report.rejected },
      "feeds: default list loaded",
    );
  } catch (error) {
    logger.error({ err: error }, "feeds: default list not loaded");
  }
}
