/**
 * normalizeFeed: absolute and canonical URLs, dates with future clamping, sanitised content and
 * plain-text summary, people/tags/enclosures, identity and the content hash.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { sha256Hex } from "../../../src/feeds/normalize/identity.js";
import { normalizeFeed, personName, summarize, titleText } from "../../../src/feeds/normalize/normalize-feed.js";
import { type ParsedFeed, type ParsedItem } from "../../../src/feeds/parse/parsed-feed.js";
import { FEED_URL, parse, rss } from "./fixtures.js";

const NOW = new Date("2024-06-01T12:00:00Z");

function item(overrides: Partial<ParsedItem>): ParsedItem {
  return {
    guid: null, link: null, title: null, summary: null, content: null, published: null, updated: null,
    authors: [], categories: [], enclosures: [], baseUrl: null, ...overrides,
  }; // prettier-ignore
}

function feedOf(items: ParsedItem[], extra: Partial<ParsedFeed> = {}): ParsedFeed {
  return {
    format: "rss2.0",
    title: "T",
    siteUrl: null,
    description: null,
    ttlMinutes: null,
    baseUrl: null,
    items,
    ...extra,
  };
}

const normalize = (feed: ParsedFeed, maxFutureSkewMs?: number) =>
  normalizeFeed(feed, { feedUrl: FEED_URL, now: NOW, ...(maxFutureSkewMs === undefined ? {} : { maxFutureSkewMs }) });

describe("normalizeFeed", () => {
  it("normalises a parsed RSS item end to end", () => {
    const [entry] = normalize(
      parse(
        rss(`<item><title>QEMU &amp;amp; KVM</title><link>/2024/qemu?utm_source=rss#top</link><guid>q-1</guid>
          <pubDate>Fri, 31 May 2024 09:00:00 +0200</pubDate><author>jane@example.com (Jane Doe)</author>
          <category>KVM</category><category>kvm</category><enclosure url="/a.mp3" type="audio/mpeg" length="5"/>
          <description>&lt;p&gt;Hi &lt;script&gt;x()&lt;/script&gt;&lt;a href="docs"&gt;docs&lt;/a&gt;&lt;/p&gt;</description></item>`),
      ),
    );
    assert.deepEqual(
      { ...entry, contentHash: undefined },
      {
        itemKey: "q-1",
        itemKeySource: "guid",
        title: "QEMU & KVM",
        url: "https://news.example/2024/qemu?utm_source=rss#top",
        canonicalUrl: "https://news.example/2024/qemu",
        contentHtml: `<p>Hi <a href="https://news.example/feeds/docs" rel="noopener noreferrer nofollow">docs</a></p>`,
        summary: "Hi docs",
        publishedAt: new Date("2024-05-31T07:00:00Z"),
        updatedAt: null,
        dateClamped: false,
        authors: ["Jane Doe"],
        categories: ["KVM"],
        enclosures: [{ url: "https://news.example/a.mp3", type: "audio/mpeg", length: 5 }],
        contentHash: undefined,
      },
    );
    assert.match(entry?.contentHash ?? "", /^[0-9a-f]{64}$/);
  });

  it("resolves links against the item base, then the feed base, then the feed URL", () => {
    const entries = normalize(
      feedOf(
        [
          item({ guid: "1", link: "a", baseUrl: "https://cdn.example/x/" }),
          item({ guid: "2", link: "b" }),
          item({ guid: "3", link: "javascript:alert(1)" }),
        ],
        { baseUrl: "/base/" },
      ),
    );
    assert.deepEqual(
      entries.map((entry) => entry.url),
      ["https://cdn.example/x/a", "https://news.example/base/b", null],
    );
  });

  const clamping: [name: string, published: string, skew: number | undefined, expected: string, clamped: boolean][] = [
    ["a past date stays", "2024-05-01T00:00:00Z", undefined, "2024-05-01T00:00:00.000Z", false],
    ["within the default 10 min skew stays", "2024-06-01T12:09:00Z", undefined, "2024-06-01T12:09:00.000Z", false],
    ["beyond the default skew is clamped to now", "2024-06-01T12:11:00Z", undefined, "2024-06-01T12:00:00.000Z", true],
    ["next year is clamped", "2025-06-01T00:00:00Z", undefined, "2024-06-01T12:00:00.000Z", true],
    ["a custom skew of 1 h keeps +30 min", "2024-06-01T12:30:00Z", 3_600_000, "2024-06-01T12:30:00.000Z", false],
  ];
  for (const [name, published, skew, expected, clamped] of clamping) {
    it(`dates: ${name}`, () => {
      const [entry] = normalize(feedOf([item({ guid: "g", published })]), skew);
      assert.equal(entry?.publishedAt?.toISOString(), expected);
      assert.equal(entry?.dateClamped, clamped);
    });
  }

  it("falls back to the updated date, and leaves unparseable dates null", () => {
    const [updatedOnly, junk] = normalize(
      feedOf([item({ guid: "a", updated: "2024-01-02T00:00:00Z" }), item({ guid: "b", published: "soon" })]),
    );
    assert.equal(updatedOnly?.publishedAt?.toISOString(), "2024-01-02T00:00:00.000Z");
    assert.equal(junk?.publishedAt, null);
  });

  it("inherits the feed's authors when an item has none (Atom §4.2.1)", () => {
    const [entry] = normalize(feedOf([item({ guid: "a" })], { authors: ["Feed Author"] }));
    assert.deepEqual(entry?.authors, ["Feed Author"]);
  });

  it("keeps the first of two items with the same key", () => {
    const entries = normalize(
      feedOf([item({ title: "Twin", published: "2024-01-01" }), item({ title: "Twin", published: "2024-01-01" })]),
    );
    assert.equal(entries.length, 1);
  });

  it("content hash: stable, and changes when the content changes but not when the clamp moves", () => {
    const base = item({ guid: "g", title: "t", content: "<p>a</p>", published: "2030-01-01T00:00:00Z" });
    const first = normalize(feedOf([base]))[0]?.contentHash;
    const later = normalizeFeed(feedOf([base]), { feedUrl: FEED_URL, now: new Date("2024-07-01T00:00:00Z") })[0]
      ?.contentHash;
    const edited = normalize(feedOf([{ ...base, content: "<p>b</p>" }]))[0]?.contentHash;
    assert.equal(first, later);
    assert.notEqual(first, edited);
  });

  it("content hash: sha256 of the JSON of title, url, content, summary and the dates as written (stored: fixed)", () => {
    const [entry] = normalize(
      feedOf([
        item({
          guid: "g",
          title: "T",
          link: "https://x.example/a",
          content: "<p>c</p>",
          summary: "s",
          published: "2024-01-01",
        }),
      ]),
    );
    const json = JSON.stringify(["T", "https://x.example/a", "<p>c</p>", "s", "2024-01-01", null]);
    assert.equal(entry?.contentHash, sha256Hex(json));
  });

  it("uses the summary when there is no title", () => {
    const [entry] = normalize(feedOf([item({ guid: "g", summary: "<p>Only a summary here</p>" })]));
    assert.equal(entry?.title, "Only a summary here");
  });
});

describe("plain text", () => {
  const summaries: [name: string, html: string, expected: string][] = [
    ["tags removed, blocks separated", "<p>One</p><p>Two<br>Three</p>", "One Two Three"],
    ["inline tags do not split words", "ft<sup>2</sup> and <b>bo</b>ld", "ft2 and bold"],
    ["entities decoded", "AT&amp;T &lt;3 &eacute;t&eacute; &#8212; &#x263A; &nbsp;!", "AT&T <3 été — ☺ \u00a0!"],
    ["script and style text dropped", "<style>p{}</style>a<script>b()</script>c<!-- d -->", "a c"],
    ["whitespace collapsed", "  a \n\t b  ", "a b"],
  ];
  for (const [name, html, expected] of summaries) {
    it(`summary: ${name}`, () => assert.equal(summarize(html), expected));
  }

  it("summary: at most 500 characters, cut at a word", () => {
    const long = summarize(`<p>${"hypervisor ".repeat(100)}</p>`);
    assert.ok(long.length <= 500, String(long.length));
    assert.match(long, /hypervisor…$/);
  });

  const people: [string, string][] = [
    ["jane@example.com (Jane Doe)", "Jane Doe"],
    ["Jane Doe (jane@example.com)", "Jane Doe"],
    ["Jane Doe <jane@example.com>", "Jane Doe"],
    ["jane@example.com", "jane@example.com"],
    ["Jane Doe", "Jane Doe"],
    ["The (Virtual) Team", "The (Virtual) Team"],
  ];
  for (const [author, expected] of people) {
    it(`author ${JSON.stringify(author)} → ${JSON.stringify(expected)}`, () =>
      assert.equal(personName(author), expected));
  }

  const titles: [string | null, string][] = [
    ["KVM &amp; Xen", "KVM & Xen"],
    ["Example <b>Atom</b>", "Example Atom"],
    ["AT&T", "AT&T"],
    ["a < b", "a < b"],
    [null, ""],
  ];
  for (const [title, expected] of titles) {
    it(`title ${JSON.stringify(title)} → ${JSON.stringify(expected)}`, () => assert.equal(titleText(title), expected));
  }
});
