import { randomUUID } from "node:crypto";

import { pruneFeedLeases } from "../store/feed-leases.js";
import { claimFeedDoc, type FeedDoc, findDueFeeds } from "../store/feeds.js";
import { elapsedClock, type IngestDeps, type RefreshSummary } from "./ingest-deps.js";
import { refreshClaimedFeed } from "./refresh-feed.js";

/** What one scheduled run did, feed by feed and in total. */
export interface RunSummary {
  startedAt: Date;
  durationMs: number;
  feeds: number;
  ok: number;
  notModified: number;
  unchanged: number;
  failed: number;
  itemsNew: number;
  itemsUpdated: number;
  /** Why the run stopped before every due feed was done (the database went away), else null. */
  stoppedEarly: string | null;
  results: RefreshSummary[];
}

export interface RefreshDueOptions {
  /** Feeds refreshed at once (the fetcher also limits requests per host). */
  concurrency: number;
  /** Most feeds one run takes on (default 10 000); the rest stay due for the next run. */
  maxFeeds?: number;
  /** Called as each feed finishes (CLI progress lines). */
  onFeedDone?: (summary: RefreshSummary) => void;
}

/**
 * Refreshes every feed due at `now` (`nextFetchAt <= now`, so ticks missed while the process
 * slept catch up, D3), `concurrency` at a time. Each feed's slot is claimed with a lease (D4):
 * several processes on one database share the work and never fetch a feed twice for one due
 * time. A broken feed is recorded on that feed and the run goes on (D10); this never throws.
 */
export async function refreshDueFeeds(deps: IngestDeps, now: Date, options: RefreshDueOptions): Promise<RunSummary> {
  const clock = elapsedClock(now);
  const started = performance.now();
  const results: RefreshSummary[] = [];
  let queue: FeedDoc[];
  try {
    await pruneFeedLeases(deps.db, now);
    queue = await findDueFeeds(deps.db, now, options.maxFeeds ?? 10_000);
  } catch (error) {
    return summarize(now, Math.round(performance.now() - started), [], `cannot list due feeds: ${String(error)}`);
  }
  let stoppedEarly: string | null = null;
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next && stoppedEarly === null; next = queue.shift()) {
      let claim;
      try {
        claim = await claimFeedDoc(deps.db, next, { token: randomUUID(), now: clock(), leaseMs: deps.leaseMs });
      } catch (error) {
        stoppedEarly = `cannot claim due feeds: ${String(error)}`;
        deps.logger?.error({ err: error }, "ingest: run stopped early");
        return;
      }
      // Another process has it: its run is that process's to report.
      if (claim === "held") continue;
      const { summary } = await refreshClaimedFeed(deps, claim, clock);
      results.push(summary);
      options.onFeedDone?.(summary);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  return summarize(now, Math.round(performance.now() - started), results, stoppedEarly);
}

function summarize(
  startedAt: Date,
  durationMs: number,
  results: RefreshSummary[],
  stoppedEarly: string | null,
): RunSummary {
  const count = (outcome: RefreshSummary["outcome"]) => results.filter((result) => result.outcome === outcome).length;
  return {
    startedAt,
    durationMs,
    feeds: results.length,
    ok: count("ok"),
    notModified: count("not-modified"),
    unchanged: count("unchanged"),
    failed: count("failed") + count("skipped"),
    itemsNew: results.reduce((sum, result) => sum + result.itemsNew, 0),
    itemsUpdated: results.reduce((sum, result) => sum + result.itemsUpdated, 0),
    stoppedEarly,
    results,
  };
}
