/**
 * Property: whatever bytes arrive, parseFeed (and normalizeFeed on its result) either returns or
 * throws a FeedParseError — never a TypeError, RangeError or anything else (RELIABILITY D10), and
 * not even parseFeed's own last-resort wrapping of such an exception.
 * Inputs: arbitrary strings and bytes, and fixtures mutated by cutting, splicing and injecting
 * XML/JSON fragments. Runs are bounded (numRuns) so the test is quick and deterministic per seed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { normalizeFeed } from "../../../src/feeds/normalize/normalize-feed.js";
import { parseFeed } from "../../../src/feeds/parse/parse-feed.js";
import { FeedParseError } from "../../../src/feeds/parse/parsed-feed.js";
import { FEED_URL, fixture, rss } from "./fixtures.js";

function parsesOrFailsCleanly(body: Buffer, contentType: string | null = null): boolean {
  try {
    const feed = parseFeed({ body, url: FEED_URL, contentType });
    normalizeFeed(feed, { feedUrl: FEED_URL, now: new Date("2024-01-01T00:00:00Z") });
    return true;
  } catch (error) {
    // parseFeed wraps unexpected exceptions as "parser failed (...)": that is a bug here too.
    if (error instanceof FeedParseError && !error.reason.startsWith("parser failed")) return true;
    throw error;
  }
}

const SEEDS = [
  rss(`<item><title>a &amp; b</title><link>/x</link><guid>1</guid><pubDate>Mon, 06 Sep 2021 16:45:00 GMT</pubDate>
    <description><![CDATA[<p>hi</p>]]></description></item>`),
  `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://x/"><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">T</div></title>
    <entry><id>1</id><link href="a"/><content type="html">&lt;b&gt;x&lt;/b&gt;</content><updated>2004-01-01T00:00:00Z</updated></entry></feed>`,
  `{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","content_html":"<p>x</p>","date_published":"2024-01-01T00:00:00Z"}]}`,
  fixture("miniflux-v2/internal/reader/encoding/testdata/koi8r.xml").toString("latin1"),
  fixture("mmcdole-gofeed/testdata/parser/universal/rdf_feed.xml").toString("utf8"),
];

const FRAGMENTS = [
  "<", ">", "&", "&nbsp;", "&#0;", "&#x110000;", "]]>", "<![CDATA[", "<!--", "-->", "<!DOCTYPE x [<!ENTITY a 'b'>]>",
  "<item>", "</item>", "<entry>", "<channel>", "</rss>", "<__proto__>", "xml:base=\"::\"", "\u0000", "\ufeff",
  "\uD800", '"', "'", "{", "}", "[", "]", ":", ",", "null", "<content type=\"xhtml\">", "<title>", "</title>",
]; // prettier-ignore

const mutatedSeed = fc
  .record({
    seed: fc.constantFrom(...SEEDS),
    cut: fc.nat(),
    at: fc.nat(),
    insert: fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })), { maxLength: 6 }),
  })
  .map(({ seed, cut, at, insert }) => {
    const truncated = seed.slice(0, seed.length - (cut % Math.max(1, seed.length / 4)));
    const position = at % (truncated.length + 1);
    return truncated.slice(0, position) + insert.join("") + truncated.slice(position);
  });

describe("parseFeed never throws anything but FeedParseError", () => {
  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => parsesOrFailsCleanly(Buffer.from(text))),
      { numRuns: 300, seed: 42 },
    );
  });

  it("on arbitrary bytes with arbitrary charset labels", () => {
    const labels = fc.constantFrom(
      null,
      "text/xml; charset=utf-16",
      "text/xml; charset=koi8-r",
      "text/xml; charset=bogus",
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), labels, (bytes, contentType) =>
        parsesOrFailsCleanly(Buffer.from(bytes), contentType),
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it("on mutated feeds (cut, spliced, with hostile fragments)", () => {
    fc.assert(
      fc.property(mutatedSeed, (text) => parsesOrFailsCleanly(Buffer.from(text))),
      { numRuns: 500, seed: 42 },
    );
  });

  it("still parses the unmutated seeds", () => {
    for (const seed of SEEDS.slice(0, 3)) {
      assert.ok(parseFeed({ body: Buffer.from(seed), url: FEED_URL, contentType: null }));
    }
  });
});
