/**
 * parseFeed on RSS/RDF/Atom: field mapping per format, and the documents rss-parser rejects but
 * that we recover (no version, no channel, prefixed roots, BOM/whitespace, HTML entities, naked
 * markup, unclosed tags).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { fixture, parse, parseError, rss } from "./fixtures.js";

describe("parseFeed: RSS 2.0 mapping", () => {
  const feed = parse(
    rss(
      `<item xml:base="https://news.example/2024/">
        <title>KVM &amp; QEMU 9.0</title><link>kvm-qemu-9.html</link>
        <guid isPermaLink="false">kvm-9</guid><pubDate>Tue, 23 Apr 2024 10:00:00 GMT</pubDate>
        <description>&lt;p&gt;Short&lt;/p&gt;</description>
        <content:encoded><![CDATA[<p>Long <b>body</b></p>]]></content:encoded>
        <author>jane@example.com (Jane Doe)</author><dc:creator>John Roe</dc:creator>
        <category>kvm</category><category>qemu</category><dc:subject>linux</dc:subject>
        <enclosure url="https://cdn.example/ep1.mp3" type="audio/mpeg" length="1234"/>
        <enclosure url="https://cdn.example/ep1.ogg" type="audio/ogg" length="n/a"/>
      </item>`,
      `<ttl>60</ttl><managingEditor>ed@example.com (The Editor)</managingEditor>`,
    ).replace(
      '<rss version="2.0">',
      `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
    ),
  );
  const item = feed.items[0];

  it("maps the channel", () => {
    assert.deepEqual(
      { format: feed.format, title: feed.title, siteUrl: feed.siteUrl, ttl: feed.ttlMinutes, authors: feed.authors },
      {
        format: "rss2.0",
        title: "Hypervisor news",
        siteUrl: "https://news.example/",
        ttl: 60,
        authors: ["ed@example.com (The Editor)"],
      },
    );
  });

  it("maps the item", () => {
    assert.deepEqual(item, {
      guid: "kvm-9",
      link: "kvm-qemu-9.html",
      title: "KVM & QEMU 9.0",
      summary: "<p>Short</p>",
      content: "<p>Long <b>body</b></p>",
      published: "Tue, 23 Apr 2024 10:00:00 GMT",
      updated: null,
      authors: ["jane@example.com (Jane Doe)", "John Roe"],
      categories: ["kvm", "qemu", "linux"],
      enclosures: [
        { url: "https://cdn.example/ep1.mp3", type: "audio/mpeg", length: 1234 },
        { url: "https://cdn.example/ep1.ogg", type: "audio/ogg", length: null },
      ],
      baseUrl: "https://news.example/2024/",
    });
  });
});

describe("parseFeed: Atom mapping", () => {
  const feed = parse(`<?xml version="1.0"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/">
      <title type="html">Xen &lt;b&gt;blog&lt;/b&gt;</title><subtitle>Type-1 news</subtitle>
      <link rel="self" href="/atom.xml"/><link href="/"/>
      <author><name>Feed Author</name></author>
      <entry xml:base="posts/">
        <id>urn:uuid:1</id><title>Xen 4.19</title>
        <link rel="alternate" type="text/html" href="xen-4-19"/>
        <link rel="enclosure" href="https://cdn.example/x.pdf" type="application/pdf" length="99"/>
        <published>2024-07-29T12:00:00Z</published><updated>2024-07-30T08:00:00+02:00</updated>
        <author><name>A. Hacker</name></author><author><email>b@example.com</email></author>
        <category term="xen"/><category term="release" label="Release"/>
        <summary>1 &lt; 2 &amp; 3</summary>
        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>Xen</b> world</p></div></content>
      </entry>
    </feed>`);
  const entry = feed.items[0];

  it("maps the feed", () => {
    assert.equal(feed.format, "atom1.0");
    assert.equal(feed.title, "Xen <b>blog</b>");
    assert.equal(feed.siteUrl, "/");
    assert.equal(feed.baseUrl, "https://blog.example/");
    assert.equal(feed.description, "Type-1 news");
    assert.deepEqual(feed.authors, ["Feed Author"]);
  });

  it("maps the entry, keeping XHTML in order and escaping text constructs", () => {
    assert.equal(entry?.guid, "urn:uuid:1");
    assert.equal(entry?.link, "xen-4-19");
    assert.equal(entry?.baseUrl, "https://blog.example/posts/");
    assert.equal(entry?.content, "<p>Hello <b>Xen</b> world</p>");
    assert.equal(entry?.summary, "1 &#60; 2 &#38; 3");
    assert.equal(entry?.published, "2024-07-29T12:00:00Z");
    assert.equal(entry?.updated, "2024-07-30T08:00:00+02:00");
    assert.deepEqual(entry?.authors, ["A. Hacker", "b@example.com"]);
    assert.deepEqual(entry?.categories, ["xen", "release"]);
    assert.deepEqual(entry?.enclosures, [{ url: "https://cdn.example/x.pdf", type: "application/pdf", length: 99 }]);
  });

  it("reads Atom 0.3 (issued, modified, tagline, base64 mode)", () => {
    const old = parse(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><tagline>Old</tagline>
      <entry><title>t</title><issued>2004-01-01T00:00:00Z</issued><modified>2004-01-02T00:00:00Z</modified>
      <content type="text/html" mode="base64">${Buffer.from("<p>decoded</p>").toString("base64")}</content></entry></feed>`);
    assert.equal(old.format, "atom0.3");
    assert.equal(old.description, "Old");
    assert.deepEqual(
      [old.items[0]?.published, old.items[0]?.updated],
      ["2004-01-01T00:00:00Z", "2004-01-02T00:00:00Z"],
    );
    assert.equal(old.items[0]?.content, "<p>decoded</p>");
  });
});

describe("parseFeed: RDF (RSS 1.0 and 0.90)", () => {
  it("reads items beside the channel and rdf:about as the GUID", () => {
    const feed = parse(fixture("mmcdole-gofeed/testdata/parser/universal/rdf_feed.xml"));
    assert.equal(feed.format, "rss1.0");
    assert.equal(feed.title, "Feed Title");
    const rdf =
      parse(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://x/"><title>R</title><link>https://x/</link></channel>
      <item rdf:about="https://x/1"><title>One</title><link>https://x/1</link><dc:date>2004-01-01T00:00:00Z</dc:date></item></rdf:RDF>`);
    assert.deepEqual([rdf.items[0]?.guid, rdf.items[0]?.published], ["https://x/1", "2004-01-01T00:00:00Z"]);
  });
});

describe("parseFeed: recovers what rss-parser rejects", () => {
  const cases: [name: string, body: string, check: (title: string | null, items: number) => void][] = [
    ["<rss> without a version", `<rss><channel><title>T</title><item><title>i</title></item></channel></rss>`, (t, n) => assert.deepEqual([t, n], ["T", 1])],
    ["<rss version=\"2.0\"></rss> (no channel)", `<rss version="2.0"></rss>`, (t, n) => assert.deepEqual([t, n], [null, 0])],
    ["items outside the channel", `<rss version="0.91"><channel><title>T</title></channel><item><title>i</title></item></rss>`, (t, n) => assert.deepEqual([t, n], ["T", 1])],
    ["a prefixed RSS vocabulary", `<r:rss xmlns:r="http://backend.userland.com/rss2" version="2.0"><r:channel><r:title>T</r:title><r:item><r:title>i</r:title></r:item></r:channel></r:rss>`, (t, n) => assert.deepEqual([t, n], ["T", 1])],
    ["a prefixed Atom vocabulary", `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>T</a:title><a:entry><a:title>i</a:title></a:entry></a:feed>`, (t, n) => assert.deepEqual([t, n], ["T", 1])],
    ["a leading BOM and blank lines", `\ufeff\n\n  <?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>`, (t) => assert.equal(t, "T")],
    ["undeclared HTML entities", `<rss version="2.0"><channel><title>A&nbsp;B &mdash; C&eacute; &hellip;</title></channel></rss>`, (t) => assert.equal(t, "A\u00a0B \u2014 Cé \u2026")],
    ["a bare ampersand", `<rss version="2.0"><channel><title>AT&T & more</title><link>https://x/?a=1&b=2</link></channel></rss>`, (t) => assert.equal(t, "AT&T & more")],
    ["windows-1252 numeric references", `<rss version="2.0"><channel><title>don&#146;t &#x93;quote&#x94;</title></channel></rss>`, (t) => assert.equal(t, "don\u2019t \u201cquote\u201d")],
    ["control characters", `<rss version="2.0"><channel><title>A\u0001B\u001fC</title></channel></rss>`, (t) => assert.equal(t, "ABC")],
    ["naked markup in a title", `<rss version="2.0"><channel><title>Example <b>bold</b> title</title></channel></rss>`, (t) => assert.equal(t, "Example <b>bold</b> title")],
    ["a truncated document", `<rss version="2.0"><channel><title>T</title><item><title>i</title></item></channel></rss`, (t, n) => assert.deepEqual([t, n], ["T", 1])],
    ["a mismatched close tag", `<rss version="2.0"><channel><title>T</title><item><title>i</titel></item></channel></rss>`, (t) => assert.equal(t, "T")],
    ["the gofeed BOM fixture", fixture("mmcdole-gofeed/testdata/parser/universal/rss_feed_bom.xml").toString("utf8"), (t) => assert.equal(t, "Feed Title")],
    ["the gofeed leading-spaces fixture", fixture("mmcdole-gofeed/testdata/parser/universal/rss_feed_leading_spaces.xml").toString("utf8"), (t) => assert.equal(t, "Feed Title")],
  ]; // prettier-ignore
  for (const [name, body, check] of cases) {
    it(name, () => {
      const feed = parse(body);
      check(feed.title, feed.items.length);
    });
  }

  it("keeps naked description markup in document order", () => {
    const feed = parse(rss(`<item><description>Hello <b>big</b> world <i>!</i></description></item>`));
    assert.equal(feed.items[0]?.summary, "Hello <b>big</b> world <i>!</i>");
  });
});

describe("parseFeed: errors name the feed and the reason", () => {
  const cases: [name: string, body: string, code: string, reason: RegExp][] = [
    ["an empty body", "", "EMPTY", /empty/],
    ["an HTML page", "<!DOCTYPE html><html><body>hi</body></html>", "UNSUPPORTED_FORMAT", /HTML page/],
    [
      "a comment that never ends",
      `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><!-- cut`,
      "MALFORMED",
      /not well-formed XML/,
    ],
    ["invalid JSON", `{"version": "https://jsonfeed.org/version/1.1", "items": [}`, "MALFORMED", /not valid JSON/],
  ];
  for (const [name, body, code, reason] of cases) {
    it(name, () => {
      const error = parseError(() => parse(body));
      assert.equal(error.code, code);
      assert.match(error.reason, reason);
      assert.ok(error.message.startsWith("https://news.example/feeds/hypervisors.xml: "), error.message);
    });
  }
});
