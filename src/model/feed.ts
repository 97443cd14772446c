/** How the last fetch of a feed ended. */
export type FeedRunOutcome = "ok" | "not-modified" | "unchanged" | "failed";

/**
 * Why the next fetch is when it is:
 * - `new`: never fetched, due at once;
 * - `adaptive`: the feed's own posting rate, within the configured floor and ceiling;
 * - `hint`: the feed asked us to wait longer (RSS ttl, Cache-Control max-age, Expires, Retry-After);
 * - `backoff`: the last fetches failed; the step grows exponentially up to a cap.
 */
export type NextFetchBasis = "new" | "adaptive" | "hint" | "backoff";

export interface NextFetchReason {
  basis: NextFetchBasis;
  /** Human-readable, e.g. "backoff step 3 of 8 (40 min)" or "hint: Cache-Control max-age=7200". */
  detail: string;
}

/** The last fetch as the scheduler and the dashboard see it. Filled by ingestion. */
export interface FeedHealth {
  lastFetchAt: Date | null;
  lastSuccessAt: Date | null;
  lastOutcome: FeedRunOutcome | null;
  /** HTTP status of the last answer (null when there was none, e.g. DNS failure). */
  lastStatus: number | null;
  lastBytes: number | null;
  lastDurationMs: number | null;
  /** Stable code (fetch, parse or store), null after a success. */
  lastErrorCode: string | null;
  /** Names the feed URL and why it failed, null after a success. */
  lastError: string | null;
  consecutiveFailures: number;
  /** Items the last run added to / changed in the store. */
  itemsNew: number;
  itemsUpdated: number;
}

/** One line of a feed's bounded fetch history (newest last). */
export interface FetchLogEntry {
  at: Date;
  outcome: FeedRunOutcome;
  status: number | null;
  bytes: number | null;
  durationMs: number | null;
  errorCode: string | null;
  itemsNew: number;
  itemsUpdated: number;
}

/** A feed the service polls. Health fields are filled by ingestion. */
export interface Feed {
  id: string;
  url: string;
  title: string;
  siteUrl: string | null;
  tags: string[];
  createdAt: Date;
  nextFetchAt: Date;
  nextFetchReason: NextFetchReason;
  health: FeedHealth;
  /** Mean time between the feed's recent posts, when it could be estimated. */
  postIntervalMs: number | null;
  recentFetches: FetchLogEntry[];
}

/** A feed as it enters the registry (default list, OPML import). `url` is already normalised. */
export interface NewFeed {
  url: string;
  title: string;
  siteUrl: string | null;
  tags: string[];
}

/** The health of a feed nobody fetched yet. */
export const NEVER_FETCHED: Readonly<FeedHealth> = Object.freeze({
  lastFetchAt: null,
  lastSuccessAt: null,
  lastOutcome: null,
  lastStatus: null,
  lastBytes: null,
  lastDurationMs: null,
  lastErrorCode: null,
  lastError: null,
  consecutiveFailures: 0,
  itemsNew: 0,
  itemsUpdated: 0,
});
