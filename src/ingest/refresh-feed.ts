import { createHash, randomUUID } from "node:crypto";

import { ObjectId } from "mongodb";

import type { FetchResult } from "../feeds/fetch/fetch-result.js";
import { normalizeFeedUrl } from "../feeds/normalize/url.js";
import {
  type ClaimedFeed,
  claimFeed,
  type FeedRunRecord,
  findFeed,
  moveFeedUrl,
  parseFeedId,
  recordFeedRun,
} from "../store/feeds.js";
import { elapsedClock, type IngestDeps, IngestError, mentionUrl, type RefreshSummary } from "./ingest-deps.js";
import { buildRunRecord, hintsOf, type RunFacts } from "./record-run.js";
import { NO_HINTS } from "./schedule.js";
import { type StoredBody, storeFeedBody } from "./store-feed-body.js";

type OkFetch = Extract<FetchResult, { kind: "ok" }>;

/** One run's result before it is recorded: the facts, and what else the feed document gets. */
interface Run {
  facts: RunFacts;
  extra: Partial<Pick<FeedRunRecord, "validators" | "ttlMinutes" | "title" | "siteUrl">>;
  stored: StoredBody | null;
  /** The normalised URL a permanent redirect moved the feed to, after a successful fetch. */
  movedTo?: string;
}

/** A summary, and whether the run reached the feed document (false: lease lost or store down). */
export interface ClaimedRefresh {
  summary: RefreshSummary;
  recorded: boolean;
}

/**
 * Refreshes one feed now, due or not (CLI `--feed`, an API mutation): claim its lease, then
 * the same steps as every scheduled refresh. Never throws: every failure is in the summary.
 */
export async function refreshFeed(deps: IngestDeps, feedId: string, now: Date): Promise<RefreshSummary> {
  const clock = elapsedClock(now);
  const started = performance.now();
  const skipped = (url: string, errorCode: string, message: string): RefreshSummary => ({
    feedId,
    url,
    outcome: "skipped",
    itemsNew: 0,
    itemsUpdated: 0,
    errorCode,
    message,
    durationMs: Math.round(performance.now() - started),
  });
  const id = parseFeedId(feedId);
  if (!id) return skipped("", "FEED_NOT_FOUND", `no feed with id ${feedId}`);
  try {
    const claim = await claimFeed(deps.db, id, { token: randomUUID(), now: clock(), leaseMs: deps.leaseMs });
    if (claim === null) return skipped("", "FEED_NOT_FOUND", `no feed with id ${feedId}`);
    if (claim !== "held") return (await refreshClaimedFeed(deps, claim, clock)).summary;
    const feed = await findFeed(deps.db, feedId);
    return skipped(feed?.url ?? "", "LEASE_HELD", `${feed?.url ?? feedId}: another process is refreshing this feed`);
  } catch (error) {
    return { ...skipped("", "STORE_FAILED", `cannot claim feed ${feedId}: ${String(error)}`), outcome: "failed" };
  }
}

/**
 * The refresh of a feed whose lease the caller holds: fetch (conditional) → 304 or same body
 * hash: record, done → store the items → only then advance validators, hash, health and
 * schedule (fenced on the claimed slot) → publish. Never throws.
 */
export async function refreshClaimedFeed(
  deps: IngestDeps,
  claim: ClaimedFeed,
  clock: () => Date,
): Promise<ClaimedRefresh> {
  const started = performance.now();
  let run: Run;
  try {
    const fetched = await deps.fetcher.fetch({
      url: claim.feed.url,
      etag: claim.etag,
      lastModified: claim.lastModified,
    });
    run = await runAfterFetch(deps, claim, fetched, clock);
    if (run.facts.outcome !== "failed") run.movedTo = permanentMoveOf(claim, fetched);
  } catch (error) {
    // Not expected (the steps return or throw IngestErrors), but a bug must not stop the run.
    run = failedRun(claim, null, "INTERNAL", mentionUrl(claim.feed.url, String(error)));
  }
  const result = await recordRun(deps, claim, run, clock());
  if (result.recorded && run.movedTo) await moveFeed(deps, claim, run.movedTo, result.summary);
  if (result.recorded && run.stored) await publish(deps, claim, run.stored);
  result.summary.durationMs = Math.round(performance.now() - started);
  log(deps, result.summary);
  return result;
}

async function runAfterFetch(deps: IngestDeps, claim: ClaimedFeed, fetched: FetchResult, clock: () => Date) {
  if (fetched.kind === "error") {
    return failedRun(claim, fetched, fetched.code, mentionUrl(claim.feed.url, fetched.message));
  }
  if (fetched.kind === "not-modified") return notModifiedRun(claim, fetched);
  const bodyHash = createHash("sha256").update(fetched.body).digest("hex");
  // Same bytes as the body whose items are stored: nothing to parse, nothing to write.
  if (bodyHash === claim.bodyHash) return unchangedRun(claim, fetched, bodyHash);
  try {
    return okRun(claim, fetched, bodyHash, await storeFeedBody(deps, claim, fetched, clock()));
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
    return failedRun(claim, fetched, error.code, error.message);
  }
}

function facts(claim: ClaimedFeed, fetched: FetchResult | null, outcome: RunFacts["outcome"]): RunFacts {
  return {
    outcome,
    status: fetched?.kind === "error" ? fetched.status : (fetched?.status ?? null),
    bytes: fetched?.kind === "ok" ? fetched.bytes : fetched?.kind === "not-modified" ? 0 : null,
    durationMs: fetched ? Math.round(fetched.durationMs) : null,
    hints: fetched ? hintsOf(fetched, claim.ttlMinutes) : { ...NO_HINTS, ttlMinutes: claim.ttlMinutes },
    itemsNew: 0,
    itemsUpdated: 0,
    postIntervalMs: claim.feed.postIntervalMs,
  };
}

function failedRun(claim: ClaimedFeed, fetched: FetchResult | null, code: string, message: string): Run {
  return { facts: { ...facts(claim, fetched, "failed"), error: { code, message } }, extra: {}, stored: null };
}

function notModifiedRun(claim: ClaimedFeed, fetched: Extract<FetchResult, { kind: "not-modified" }>): Run {
  // RFC 9110 §15.4.5: a 304 may carry fresher validators for the body we already stored.
  const validators =
    claim.bodyHash === null
      ? undefined
      : {
          etag: fetched.headers.etag ?? claim.etag,
          lastModified: fetched.headers.lastModified ?? claim.lastModified,
          bodyHash: claim.bodyHash,
        };
  return { facts: facts(claim, fetched, "not-modified"), extra: { validators }, stored: null };
}

function unchangedRun(claim: ClaimedFeed, fetched: OkFetch, bodyHash: string): Run {
  const validators = { etag: fetched.headers.etag, lastModified: fetched.headers.lastModified, bodyHash };
  return { facts: facts(claim, fetched, "unchanged"), extra: { validators }, stored: null };
}

function okRun(claim: ClaimedFeed, fetched: OkFetch, bodyHash: string, stored: StoredBody): Run {
  const base = facts(claim, fetched, "ok");
  const ttlMinutes = stored.parsed.ttlMinutes;
  const siteUrl = stored.parsed.siteUrl;
  return {
    facts: {
      ...base,
      hints: hintsOf(fetched, ttlMinutes),
      itemsNew: stored.itemsNew,
      itemsUpdated: stored.itemsUpdated,
      postIntervalMs: stored.postIntervalMs,
    },
    extra: {
      validators: { etag: fetched.headers.etag, lastModified: fetched.headers.lastModified, bodyHash },
      ttlMinutes,
      ...(claim.feed.title === "" && stored.parsed.title ? { title: stored.parsed.title.slice(0, 300) } : {}),
      ...(claim.feed.siteUrl === null && siteUrl && /^https?:\/\//i.test(siteUrl) && URL.canParse(siteUrl)
        ? { siteUrl }
        : {}),
    },
    stored,
  };
}

async function recordRun(deps: IngestDeps, claim: ClaimedFeed, run: Run, now: Date): Promise<ClaimedRefresh> {
  const record = {
    ...buildRunRecord(claim, run.facts, { now, policy: deps.policy, random: deps.random ?? Math.random }),
    ...run.extra,
  };
  const summary: RefreshSummary = {
    feedId: claim.feed.id,
    url: claim.feed.url,
    outcome: run.facts.outcome,
    itemsNew: run.facts.itemsNew,
    itemsUpdated: run.facts.itemsUpdated,
    ...(run.facts.error ? { errorCode: run.facts.error.code, message: run.facts.error.message } : {}),
    nextFetchAt: record.nextFetchAt,
    durationMs: 0,
  };
  try {
    if (await recordFeedRun(deps.db, claim, record)) return { summary, recorded: true };
    const message = `${claim.feed.url}: lease lost (another process recorded this slot); this run was not recorded`;
    return { summary: { ...summary, outcome: "failed", errorCode: "LEASE_LOST", message }, recorded: false };
  } catch (error) {
    const message = mentionUrl(claim.feed.url, `cannot record the run: ${String(error)}`);
    return { summary: { ...summary, outcome: "failed", errorCode: "STORE_FAILED", message }, recorded: false };
  }
}

/** Where a 301/308 chain (every hop permanent) moved the feed, if somewhere else. */
function permanentMoveOf(claim: ClaimedFeed, fetched: FetchResult): string | undefined {
  if (!fetched.permanentRedirect) return undefined;
  try {
    const url = normalizeFeedUrl(fetched.finalUrl);
    return url === claim.feed.url ? undefined : url;
  } catch {
    return undefined; // the fetcher followed it, so it parses; a URL we cannot store stays unused
  }
}

/**
 * Stores the feed's new URL after a permanent redirect (as Miniflux does), so the next run asks
 * the new address directly. When another feed is registered there already, both stay as they
 * are and the log says so: merging two feeds is an editor's decision.
 */
async function moveFeed(deps: IngestDeps, claim: ClaimedFeed, url: string, summary: RefreshSummary): Promise<void> {
  const feedId = claim.feed.id;
  try {
    const move = await moveFeedUrl(deps.db, ObjectId.createFromHexString(feedId), url);
    if (move.moved) {
      summary.movedTo = url;
      deps.logger?.info({ feedId, from: claim.feed.url, to: url }, "ingest: feed moved permanently; URL updated");
    } else if (move.reason === "TAKEN") {
      deps.logger?.warn(
        { feedId, from: claim.feed.url, to: url },
        "ingest: feed moved permanently to a URL another feed has; URL kept",
      );
    }
  } catch (error) {
    deps.logger?.error({ err: error, feedId }, "ingest: cannot update the URL of a moved feed");
  }
}

async function publish(deps: IngestDeps, claim: ClaimedFeed, stored: StoredBody): Promise<void> {
  const insertedIds = stored.insertedIds.map((id) => id.toHexString());
  const updatedIds = [...new Set(stored.touchedIds.map((id) => id.toHexString()))];
  if (!deps.onArticlesChanged || insertedIds.length + updatedIds.length === 0) return;
  try {
    await deps.onArticlesChanged({ feedId: claim.feed.id, feedUrl: claim.feed.url, insertedIds, updatedIds });
  } catch (error) {
    deps.logger?.error({ err: error, feedId: claim.feed.id }, "ingest: onArticlesChanged failed");
  }
}

function log(deps: IngestDeps, summary: RefreshSummary): void {
  const fields = { ...summary };
  if (summary.outcome === "failed") deps.logger?.warn(fields, `ingest: ${summary.message ?? "feed failed"}`);
  else deps.logger?.info(fields, `ingest: feed ${summary.outcome}`);
}
