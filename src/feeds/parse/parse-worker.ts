/**
 * Worker-thread entry of the parser pool (parser-pool.ts): runs parseFeed (and, when asked,
 * normalizeFeed) on each request and posts back plain data: ParsedFeed holds only strings,
 * numbers and arrays, NormalizedEntry adds Dates, all of which structured clone carries.
 * Errors travel as { code, reason }, to be rebuilt as FeedParseError.
 */
import { parentPort } from "node:worker_threads";

import { type NormalizedEntry, type NormalizeOptions } from "../../model/entry.js";
import { normalizeFeed } from "../normalize/normalize-feed.js";
import { parseFeed } from "./parse-feed.js";
import {
  type FeedHeader,
  feedHeader,
  FeedParseError,
  type FeedParseErrorCode,
  type ParsedFeed,
} from "./parsed-feed.js";

export interface ParseRequest {
  id: number;
  body: Uint8Array;
  url: string;
  contentType: string | null;
  /** Also normalise, with these options (sanitising HTML is the costliest step of all). */
  normalize: NormalizeOptions | null;
}

/**
 * With `normalize`, the feed comes back without its items: the caller has them as entries, and
 * cloning the raw items too would double what the main thread deserialises (C3).
 */
export type ParseResponse =
  | { id: number; ok: true; feed: ParsedFeed; entries: null }
  | { id: number; ok: true; feed: FeedHeader; entries: NormalizedEntry[] }
  | { id: number; ok: false; code: FeedParseErrorCode; reason: string };

function handle(request: ParseRequest): ParseResponse {
  const body = Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
  try {
    const feed = parseFeed({ body, url: request.url, contentType: request.contentType });
    if (!request.normalize) return { id: request.id, ok: true, feed, entries: null };
    return { id: request.id, ok: true, feed: feedHeader(feed), entries: normalizeFeed(feed, request.normalize) };
  } catch (error) {
    // parseFeed throws only FeedParseError; anything else is a bug and should crash the worker.
    if (!(error instanceof FeedParseError)) throw error;
    return { id: request.id, ok: false, code: error.code, reason: error.reason };
  }
}

parentPort?.on("message", (request: ParseRequest) => {
  parentPort?.postMessage(handle(request));
});
