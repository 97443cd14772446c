import type { FetchResult } from "../feeds/fetch/fetch-result.js";
import type { FeedHealth, FeedRunOutcome } from "../model/feed.js";
import type { ClaimedFeed, FeedRunRecord } from "../store/feeds.js";
import { appendFetchLog } from "../store/fetch-log.js";
import { type PollingHints, scheduleNextFetch, type SchedulePolicy } from "./schedule.js";

/** What happened in one run, as the feed's health, history and schedule need it. */
export interface RunFacts {
  outcome: FeedRunOutcome;
  status: number | null;
  bytes: number | null;
  durationMs: number | null;
  hints: PollingHints;
  itemsNew: number;
  itemsUpdated: number;
  postIntervalMs: number | null;
  error?: { code: string; message: string };
}

/** The polling hints of a fetch result, plus the RSS ttl of the body (parsed now, or last time). */
export function hintsOf(fetched: FetchResult, ttlMinutes: number | null): PollingHints {
  const headers = fetched.headers;
  return {
    ttlMinutes,
    cacheControl: headers?.cacheControl ?? null,
    expires: headers?.expires ?? null,
    retryAt: fetched.kind === "error" ? fetched.retryAt : null,
  };
}

/**
 * The feed's new health, history line and next fetch time. A failure counts one more
 * consecutive failure (backoff) and keeps the last success time; anything else resets the count.
 */
export function buildRunRecord(
  claim: ClaimedFeed,
  facts: RunFacts,
  context: { now: Date; policy: SchedulePolicy; random: () => number },
): FeedRunRecord {
  const previous = claim.feed.health;
  const failures = facts.error ? previous.consecutiveFailures + 1 : 0;
  const next = scheduleNextFetch(context.policy, {
    now: context.now,
    failures,
    postIntervalMs: facts.postIntervalMs,
    hints: facts.hints,
    random: context.random,
  });
  const health: FeedHealth = {
    lastFetchAt: context.now,
    lastSuccessAt: facts.error ? previous.lastSuccessAt : context.now,
    lastOutcome: facts.outcome,
    lastStatus: facts.status,
    lastBytes: facts.bytes,
    lastDurationMs: facts.durationMs,
    lastErrorCode: facts.error?.code ?? null,
    lastError: facts.error?.message ?? null,
    consecutiveFailures: failures,
    itemsNew: facts.itemsNew,
    itemsUpdated: facts.itemsUpdated,
  };
  const logEntry = {
    at: context.now,
    outcome: facts.outcome,
    status: facts.status,
    bytes: facts.bytes,
    durationMs: facts.durationMs,
    errorCode: health.lastErrorCode,
    itemsNew: facts.itemsNew,
    itemsUpdated: facts.itemsUpdated,
  };
  return {
    health,
    nextFetchAt: next.at,
    nextFetchReason: next.reason,
    recentFetches: appendFetchLog(claim.recentFetches, logEntry),
    postIntervalMs: facts.postIntervalMs,
  };
}
