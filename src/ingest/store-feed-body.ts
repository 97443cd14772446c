import { ObjectId } from "mongodb";

import type { FetchResult } from "../feeds/fetch/fetch-result.js";
import { isFeedParseError, type ParsedFeed } from "../feeds/parse/parsed-feed.js";
import type { NormalizedEntry } from "../model/entry.js";
import type { ClaimedFeed } from "../store/feeds.js";
import { type IngestDeps, IngestError, mentionUrl } from "./ingest-deps.js";
import { estimatePostInterval } from "./schedule.js";
import { writeFeedItems, type WrittenItems } from "./write-feed-items.js";

type OkFetch = Extract<FetchResult, { kind: "ok" }>;

/** What storing a new feed body did. */
export interface StoredBody extends WrittenItems {
  parsed: ParsedFeed;
  postIntervalMs: number | null;
}

/**
 * parse → normalise → plan → link → one bulkWrite. Throws an IngestError (code + message
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
  const parsed = await parseBody(deps, url, fetched);
  const entries = normalizeEntries(deps, url, parsed, fetched.finalUrl, now);
  const target = { id: ObjectId.createFromHexString(claim.feed.id), url };
  const written = await writeFeedItems(deps, target, entries, now);
  const dates = entries.filter((entry) => !entry.dateClamped && entry.publishedAt !== null);
  const postIntervalMs = estimatePostInterval(
    dates.map((entry) => entry.publishedAt!),
    now,
  );
  return { ...written, parsed, postIntervalMs };
}

async function parseBody(deps: IngestDeps, feedUrl: string, fetched: OkFetch): Promise<ParsedFeed> {
  try {
    return await deps.parser.parse({
      body: fetched.body,
      url: fetched.finalUrl,
      contentType: fetched.headers.contentType,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Not a FeedParseError: the parser worker crashed, hit its memory cap or timed out.
    const code = isFeedParseError(error) ? error.code : "PARSE_FAILED";
    throw new IngestError(code, mentionUrl(feedUrl, message), { cause: error });
  }
}

function normalizeEntries(
  deps: IngestDeps,
  feedUrl: string,
  parsed: ParsedFeed,
  finalUrl: string,
  now: Date,
): NormalizedEntry[] {
  try {
    return deps.normalize(parsed, { feedUrl: finalUrl, now });
  } catch (error) {
    throw new IngestError("NORMALIZE_FAILED", mentionUrl(feedUrl, `cannot normalise items: ${String(error)}`), {
      cause: error,
    });
  }
}
