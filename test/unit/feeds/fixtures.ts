/**
 * Small helpers for the feed unit tests: committed fixtures (test/fixtures/feeds/<source>/...,
 * each source with its LICENSE) and inline documents.
 */
import { readFileSync } from "node:fs";

import { parseFeed } from "../../../src/feeds/parse/parse-feed.js";
import { FeedParseError, type ParsedFeed } from "../../../src/feeds/parse/parsed-feed.js";

export const FIXTURES = new URL("../../fixtures/feeds/", import.meta.url);

export function fixture(path: string): Buffer {
  return readFileSync(new URL(path, FIXTURES));
}

export const FEED_URL = "https://news.example/feeds/hypervisors.xml";

/** parseFeed on a string (UTF-8) or bytes, at FEED_URL. */
export function parse(body: string | Buffer, contentType: string | null = null): ParsedFeed {
  return parseFeed({ body: typeof body === "string" ? Buffer.from(body, "utf8") : body, url: FEED_URL, contentType });
}

/** Runs `action`, asserting it throws a FeedParseError; returns it for more assertions. */
export function parseError(action: () => unknown): FeedParseError {
  try {
    action();
  } catch (error) {
    if (error instanceof FeedParseError) return error;
    throw new Error(`expected a FeedParseError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected a FeedParseError, but nothing was thrown");
}

/** A minimal RSS 2.0 document around the given item XML. */
export function rss(items: string, channelExtra = ""): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Hypervisor news</title><link>https://news.example/</link>${channelExtra}${items}</channel></rss>`;
}
