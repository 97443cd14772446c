/**
 * The worker-thread parser pool (RELIABILITY C3) and the inline parser: same results as
 * parseFeed, FeedParseError rebuilt across the thread boundary, a crashed worker rejects only its
 * own parse and is replaced, close() settles everything.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";

import { normalizeFeed } from "../../../src/feeds/normalize/normalize-feed.js";
import { parseFeed } from "../../../src/feeds/parse/parse-feed.js";
import { feedHeader, FeedParseError, type ParseInput } from "../../../src/feeds/parse/parsed-feed.js";
import { createInlineParser, createParserPool, ParserCrashError } from "../../../src/feeds/parse/parser-pool.js";
import { FEED_URL, fixture, rss } from "./fixtures.js";

const inputs: ParseInput[] = [
  {
    body: fixture("miniflux-v2/internal/reader/parser/testdata/encoding_WINDOWS-1251.xml"),
    url: FEED_URL,
    contentType: "text/xml",
  },
  { body: fixture("danmactough-node-feedparser/test/feeds/iconv.xml"), url: `${FEED_URL}?2`, contentType: null },
  { body: Buffer.from(rss("<item><title>one</title></item>")), url: `${FEED_URL}?3`, contentType: null },
  {
    body: Buffer.from(`{"version":"https://jsonfeed.org/version/1.1","title":"j","items":[]}`),
    url: `${FEED_URL}?4`,
    contentType: null,
  },
];

/**
 * A 10 MB feed of tiny elements: its parse tree needs far more than a 48 MB heap, and it grows in
 * small steps, so V8 stops the worker at its limit instead of failing one huge allocation.
 */
function treeBomb(): Buffer {
  const item = `<item><title>t</title>${'<c a="1"/>'.repeat(50)}</item>`;
  return Buffer.from(rss(item.repeat(20_000)));
}

describe("createParserPool", () => {
  const pool = createParserPool({ size: 2 });
  after(() => pool.close());

  it("returns what parseFeed returns, for more parses than workers", async () => {
    const results = await Promise.all(inputs.map((input) => pool.parse(input)));
    assert.deepEqual(
      results,
      inputs.map((input) => parseFeed(input)),
    );
  });

  it("parses and normalises in the worker; dates arrive as Dates", async () => {
    const input = inputs[0]!;
    const options = { feedUrl: input.url, now: new Date("2024-01-01T00:00:00Z") };
    const { feed, entries } = await pool.parseAndNormalize(input, options);
    assert.deepEqual(feed, feedHeader(parseFeed(input)), "the feed's own fields; its items come back as entries");
    assert.ok(!("items" in feed), "raw items are not cloned back");
    assert.deepEqual(entries, normalizeFeed(parseFeed(input), options));
    assert.ok(entries.length > 0 && entries.every((entry) => entry.publishedAt instanceof Date));
  });

  it("rebuilds FeedParseError with its code, URL and reason", async () => {
    await assert.rejects(
      pool.parse({ body: Buffer.from("<html><body/></html>"), url: FEED_URL, contentType: null }),
      (error) => {
        assert.ok(error instanceof FeedParseError);
        assert.equal(error.code, "UNSUPPORTED_FORMAT");
        assert.equal(error.feedUrl, FEED_URL);
        assert.equal(error.message, `${FEED_URL}: this is an HTML page, not a feed`);
        return true;
      },
    );
  });
});

describe("createParserPool: failures", () => {
  it("rejects a parse whose worker runs out of memory, and replaces the worker", async () => {
    const pool = createParserPool({ size: 1, maxHeapMb: 48 });
    try {
      await assert.rejects(pool.parse({ body: treeBomb(), url: FEED_URL, contentType: null }), (error) => {
        assert.ok(error instanceof ParserCrashError, String(error));
        assert.match(error.message, /^https:\/\/news\.example\/feeds\/hypervisors\.xml: parser worker/);
        return true;
      });
      const next = inputs[2];
      assert.ok(next);
      assert.equal((await pool.parse(next)).items[0]?.title, "one");
    } finally {
      await pool.close();
    }
  });

  it("rejects a parse that exceeds the timeout", async () => {
    const pool = createParserPool({ size: 1, timeoutMs: 1 });
    try {
      await assert.rejects(
        pool.parse({ body: treeBomb(), url: FEED_URL, contentType: null }),
        /parse timed out after 1 ms/,
      );
    } finally {
      await pool.close();
    }
  });

  it("close() rejects queued parses, and later parses", async () => {
    const pool = createParserPool({ size: 1 });
    const settling = Promise.allSettled(inputs.map((input) => pool.parse(input)));
    await pool.close();
    const settled = await settling;
    assert.ok(settled.every((result) => result.status === "rejected" && result.reason instanceof ParserCrashError));
    await assert.rejects(pool.parse(inputs[0] ?? inputs[1]!), ParserCrashError);
  });
});

describe("createInlineParser", () => {
  it("returns what parseFeed returns and rejects with FeedParseError", async () => {
    const parser = createInlineParser();
    assert.deepEqual(await parser.parse(inputs[0]!), parseFeed(inputs[0]!));
    await assert.rejects(parser.parse({ body: Buffer.alloc(0), url: FEED_URL, contentType: null }), FeedParseError);
    await parser.close();
  });
});
