import type { Db } from "mongodb";

import type { Fetcher } from "../feeds/fetch/fetch-result.js";
import type { FeedParserPool } from "../feeds/parse/parser-pool.js";
import type { Logger } from "../log/logger.js";
import type { FeedRunOutcome } from "../model/feed.js";
import type { Linker } from "../model/links.js";
import type { ArticleWrite, ArticleWriteResult } from "../store/articles.js";
import type { SchedulePolicy } from "./schedule.js";

/** Published after a feed run's article writes are acknowledged (subscriptions build on it). */
export interface ArticlesChanged {
  feedId: string;
  feedUrl: string;
  insertedIds: string[];
  /** Updated in place, or now also listing this feed. */
  updatedIds: string[];
}

/** Everything a feed refresh needs, passed in by the caller (job, CLI, test). */
export interface IngestDeps {
  db: Db;
  fetcher: Fetcher;
  /** Parses and normalises off the API's event loop (a worker pool; inline in the CLI and tests). */
  parser: FeedParserPool;
  linker: Linker;
  policy: SchedulePolicy;
  /** How long a claim holds: longer than a fetch (its timeout), a parse and a write can take. */
  leaseMs: number;
  /** In [0, 1), for jitter. Default Math.random. */
  random?: () => number;
  logger?: Logger;
  /** Called after the writes are acknowledged; its failure is logged, never fails the run. */
  onArticlesChanged?: (change: ArticlesChanged) => void | Promise<void>;
  /**
   * The search tokenizer (searchTokensOf of src/timeline/search-tokens.ts): when given, every
   * inserted or updated article carries its `searchTokens`, so the API needs no backfill.
   */
  searchTokensOf?: (text: { title: string; summary: string; categories: string[]; authors: string[] }) => string[];
  /** The article writer: the store's writeArticles unless replaced (fault tests, B8). */
  writeArticles?: (db: Db, writes: readonly ArticleWrite[]) => Promise<ArticleWriteResult>;
}

/** Why a refresh did not store anything, beyond the fetcher's and parser's own codes. */
export type IngestErrorCode =
  | "PARSE_FAILED" // the parser did not finish (worker crash, memory cap, timeout)
  | "NORMALIZE_FAILED" // normalisation threw
  | "STORE_FAILED" // the article writes (or reading what is stored) failed
  | "LEASE_HELD" // another process is refreshing the feed
  | "LEASE_LOST" // our lease ran out and was taken over: the run was not recorded
  | "FEED_NOT_FOUND"
  | "INTERNAL";

/** What one feed refresh did. */
export interface RefreshSummary {
  feedId: string;
  url: string;
  /** `skipped`: not refreshed at all (unknown feed, or another process holds its lease). */
  outcome: FeedRunOutcome | "skipped";
  itemsNew: number;
  itemsUpdated: number;
  errorCode?: string;
  message?: string;
  nextFetchAt?: Date;
  /** The feed's new URL, when a permanent redirect moved it and the move was stored. */
  movedTo?: string;
  durationMs: number;
}

/** A step's failure, with a stable code and a message naming the feed URL. */
export class IngestError extends Error {
  override readonly name = "IngestError";
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Prefixes the feed URL unless the message names it already. */
export function mentionUrl(url: string, message: string): string {
  return message.includes(url) ? message : `${url}: ${message}`;
}

/** A clock that starts at `now` and advances with real elapsed time (leases, durations). */
export function elapsedClock(now: Date): () => Date {
  const started = performance.now();
  return () => new Date(now.getTime() + Math.round(performance.now() - started));
}
