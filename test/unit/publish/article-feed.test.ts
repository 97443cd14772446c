import assert from "node:assert/strict";
import { describe, it } from "node:test";

import Parser from "rss-parser";

import { normalizeFeed } from "../../../src/feeds/normalize/normalize-feed.js";
import { parseFeedText } from "../../../src/feeds/parse/parse-feed.js";
import type { Article } from "../../../src/model/article.js";
import { articleGuid, buildArticleFeed, type FeedFormat, type FeedMeta } from "../../../src/publish/article-feed.js";

const HOSTILE = `<script>alert("x")</script> & <b>bold</b> ]]> ]]> \u0007end`;
const SITE = "http://127.0.0.1:4000/";

function article(n: number, extra: Partial<Article> = {}): Article {
  const at = new Date(Date.UTC(2024, 0, n));
  return {
    id: n.toString(16).padStart(24, "0"),
    feedIds: [],
    sources: [],
    title: `Story ${n}`,
    url: `https://news.example/${n}?a=1&b=2`,
    canonicalUrl: null,
    summary: `Summary ${n} <not markup>`,
    contentHtml: `<p>Body ${n} ]]> and ]]> again</p>`,
    publishedAt: at,
    updatedAt: null,
    dateClamped: false,
    firstSeenAt: at,
    changedAt: new Date(at.getTime() + 3_600_000),
    authors: ["Ada Lovelace"],
    categories: [],
    enclosures: [],
    contentHash: "",
    hypervisors: ["xen"],
    vendors: ["citrix"],
    topics: [],
    events: [],
    links: [],
    ...extra,
  };
}

const meta: FeedMeta = {
  id: "urn:hypervisor-news-graph:feed:hypervisors:xen",
  title: "Xen & friends",
  description: "Virtualization news about Xen.",
  siteUrl: SITE,
  selfUrls: { atom: `${SITE}feeds/x.atom`, rss: `${SITE}feeds/x.rss`, json: `${SITE}feeds/x.json` },
};
const articles = [article(3, { title: HOSTILE }), article(2), article(1, { url: null, authors: [] })];

describe("published article feeds (pure builder)", () => {
  for (const format of ["atom", "rss", "json"] as const satisfies readonly FeedFormat[]) {
    it(`${format}: parses back with our own parser, same items, stable GUIDs, self link`, async () => {
      const built = buildArticleFeed(meta, articles, format);
      const parsed = parseFeedText(built.body, meta.selfUrls[format]);
      assert.equal(parsed.items.length, 3);
      assert.deepEqual(
        parsed.items.map((item) => item.guid),
        articles.map(articleGuid),
      );
      const entries = normalizeFeed(parsed, { feedUrl: meta.selfUrls[format], now: new Date("2025-01-01") });
      assert.deepEqual(
        entries.slice(1).map((entry) => entry.title),
        ["Story 2", "Story 1"],
      );
      assert.equal(entries[1]?.publishedAt?.toISOString(), "2024-01-02T00:00:00.000Z");
      assert.ok(built.body.includes(meta.selfUrls[format]), "self link");
      if (format !== "json") {
        const viaRssParser = await new Parser().parseString(built.body);
        assert.equal(viaRssParser.items.length, 3);
        assert.equal(viaRssParser.title, "Xen & friends");
      }
    });

    it(`${format}: a hostile title stays text (C4), and content cannot end its CDATA early`, () => {
      const { body } = buildArticleFeed(meta, articles, format);
      assert.doesNotMatch(body, /<script/i, "no live script element anywhere");
      assert.ok(!body.includes(String.fromCharCode(7)), "no character XML cannot carry");
      const parsed = parseFeedText(body, meta.selfUrls[format]);
      const title = parsed.items[0]?.title ?? "";
      if (format === "json") {
        // JSON Feed titles are plain text: the exact string, JSON-escaped.
        assert.equal(
          (JSON.parse(body) as { items: { title: string }[] }).items[0]?.title,
          HOSTILE.replace("\u0007", ""),
        );
      } else {
        // XML titles are HTML-escaped: a reader decoding them shows the characters, runs nothing.
        assert.match(title, /^&lt;script&gt;/);
        const [entry] = normalizeFeed(parsed, { feedUrl: meta.selfUrls[format], now: new Date("2025-01-01") });
        assert.equal(entry?.title, `<script>alert("x")</script> & <b>bold</b> ]]> ]]> end`);
      }
      assert.equal(parsed.items[1]?.content ?? parsed.items[1]?.summary ?? "", "<p>Body 2 ]]&gt; and ]]&gt; again</p>");
    });
  }

  it("is deterministic: the same articles give the same bytes (the ETag depends on it)", () => {
    for (const format of ["atom", "rss", "json"] as const) {
      assert.equal(buildArticleFeed(meta, articles, format).body, buildArticleFeed(meta, articles, format).body);
    }
    assert.equal(buildArticleFeed(meta, articles, "atom").updated.toISOString(), "2024-01-03T01:00:00.000Z");
  });

  it("JSON Feed 1.1: version, authors array, plain-text summary", () => {
    const feed = JSON.parse(buildArticleFeed(meta, articles, "json").body) as {
      version: string;
      feed_url: string;
      items: { authors?: { name: string }[]; author?: unknown; summary?: string }[];
    };
    assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
    assert.equal(feed.feed_url, meta.selfUrls.json);
    assert.deepEqual(feed.items[1]?.authors, [{ name: "Ada Lovelace" }]);
    assert.equal(feed.items[1]?.author, undefined);
    assert.equal(feed.items[1]?.summary, "Summary 2 <not markup>");
  });

  it("an empty feed is still a valid feed", () => {
    for (const format of ["atom", "rss", "json"] as const) {
      const parsed = parseFeedText(buildArticleFeed(meta, [], format).body, meta.selfUrls[format]);
      assert.equal(parsed.items.length, 0);
    }
  });
});
