import { ObjectId } from "mongodb";

import type { FetchResult } from "../feeds/fetch/fetch-result.js";
import { type FeedHeader, isFeedParseError } from "../feeds/parse/parsed-feed.js";
import type { ParsedAndNormalized } from "../feeds/parse/parser-pool.js";
import type { ClaimedFeed } from "../store/feeds.js";
import { type IngestDeps, IngestError, mentionUrl } from "./ingest-deps.js";
import { estimatePostInterval } from "./schedule.js";
import { writeFeedItems, type WrittenItems } from "./write-feed-items.js";

type OkFetch = Extract<FetchResult, { kind: "ok" }>;

/** What storing a new feed body did. */
export interface StoredBody extends WrittenItems {
  parsed: FeedHeader;
  postIntervalMs: number | null;
}

/**
 * parse and normalise → plan → link → one bulkWrite. Throws an IngestError (code + message
 * naming the feed URL) when a step fails; nothing about the feed itself is written here, so its
 * validators cannot run ahead of its items (B8).
 */
export async function storeFeedBody(
  deps: IngestDeps,
  claim: ClaimedFeed,
  fetched: OkFetch,
  now: Date,
): Promise<StoredBody> {
  const url = claim.feed.url;
  const { feed: parsed, entries } = await parseAndNormalize(deps, url, fetched, now);
  const target = { id: ObjectId.createFromHexString(claim.feed.id), url };
  const written = await writeFeedItems(deps, target, entries, now);
  const dates = entries.filter((entry) => !entry.dateClamped && entry.publishedAt !== null);
  const postIntervalMs = estimatePostInterval(
    dates.map((entry) => entry.publishedAt!),
    now,
  );
  return { ...written, parsed, postIntervalMs };
}

/**
 * Both steps in the parser's worker: sanitising HTML is the costliest step of all, and the API
 * shares this thread (C3). Relative URLs resolve against the address that answered.
 */
async function parseAndNormalize(
  deps: IngestDeps,
  feedUrl: string,
  fetched: OkFetch,
  now: Date,
): Promise<ParsedAndNormalized> {
  try {
    const input = { body: fetched.body, url: fetched.finalUrl, contentType: fetched.headers.contentType };
    return await deps.parser.parseAndNormalize(input, { feedUrl: fetched.finalUrl, now });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Not a FeedParseError: the parser worker crashed (a normaliser bug too), hit its memory cap or timed out.
    const code = isFeedParseError(error) ? error.code : "PARSE_FAILED";
    throw new IngestError(code, mentionUrl(feedUrl, message), { cause: error });
  }
}
