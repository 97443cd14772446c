import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { buildOpml, escapeXml, OPML_LIMITS, type OpmlFeed, parseOpml } from "../../../src/ingest/opml.js";

const now = new Date("2026-03-01T12:00:00Z");
const opml = (body: string) =>
  `<?xml version="1.0"?><opml version="2.0"><head><title>T</title></head><body>${body}</body></opml>`;

describe("OPML round trip", () => {
  it("exports and re-imports every field, hostile characters included", () => {
    const feeds: OpmlFeed[] = [
      {
        url: "https://blogs.example.com/feed?a=1&b=<2>",
        title: `Tom & "Jerry's" <blog>\ttab\nline`,
        siteUrl: "https://blogs.example.com/",
        tags: ["vmware", "esxi"],
      },
      { url: "https://xen.example.org/atom.xml", title: "Xen ünïcødé 🚀", siteUrl: null, tags: [] },
    ];
    const text = buildOpml(feeds, { title: "My <feeds> & more", now });
    const parsed = parseOpml(text);
    assert.equal(parsed.title, "My <feeds> & more");
    assert.deepEqual(parsed.feeds, feeds);
  });

  it("drops characters XML 1.0 cannot carry and keeps the document well-formed", () => {
    const text = buildOpml(
      [{ url: "https://x.example/f", title: "bell\u0007 nul\u0000 \uD800lone", siteUrl: null, tags: [] }],
      {
        title: "t",
        now,
      },
    );
    assert.equal(parseOpml(text).feeds[0]?.title, "bell nul lone");
    assert.equal(escapeXml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  });

  it("turns folders and categories into tags, and decodes entities exactly once", () => {
    const parsed = parseOpml(
      opml(`<outline text="Virtualization"><outline text="Xen" category="/oss/xen,Hypervisors" xmlUrl="https://x.example/?a=1&amp;b=&amp;amp;&#38;&#x26;"/></outline>
            <outline title="Loose" xmlUrl="https://y.example/feed" htmlUrl="https://y.example/"/>`),
    );
    assert.deepEqual(parsed.feeds, [
      {
        url: "https://x.example/?a=1&b=&amp;&&",
        title: "Xen",
        siteUrl: null,
        tags: ["virtualization", "oss", "xen", "hypervisors"],
      },
      { url: "https://y.example/feed", title: "Loose", siteUrl: "https://y.example/", tags: [] },
    ]);
  });
});

describe("hostile OPML", () => {
  const billionLaughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><opml><body><outline title="&lol3;" xmlUrl="https://x/"/></body></opml>`;
  const externalEntity = `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><opml><body><outline title="&xxe;" xmlUrl="https://x/"/></body></opml>`;
  const table: [string, string, string][] = [
    ["billion laughs", billionLaughs, "DTD_REFUSED"],
    ["external entity (XXE)", externalEntity, "DTD_REFUSED"],
    ["malformed XML", opml(`<outline xmlUrl="https://x/"><outline>`), "MALFORMED"],
    ["not OPML", `<rss><channel/></rss>`, "NOT_OPML"],
    ["empty", "", "MALFORMED"],
    ["no body", `<opml version="2.0"><head/></opml>`, "NOT_OPML"],
    ["an element named __proto__", opml(`<__proto__><outline xmlUrl="https://x/"/></__proto__>`), "MALFORMED"],
    ["an element named constructor", opml(`<constructor/>`), "MALFORMED"],
    ["too large", opml(`<outline title="${"a".repeat(OPML_LIMITS.maxBytes)}"/>`), "TOO_LARGE"],
    [
      "too many feeds",
      opml(Array.from({ length: OPML_LIMITS.maxFeeds + 1 }, (_, i) => `<outline xmlUrl="https://x/${i}"/>`).join("")),
      "TOO_MANY_FEEDS",
    ],
  ];
  for (const [name, text, code] of table) {
    it(`refuses ${name} with ${code}`, () => {
      assert.throws(
        () => parseOpml(text),
        (error: unknown) => {
          assert.equal((error as { code?: unknown }).code, code);
          return true;
        },
      );
    });
  }

  it("ignores __proto__ and constructor attributes without polluting prototypes", () => {
    const parsed = parseOpml(
      opml(`<outline __proto__="polluted" constructor="x" xmlUrl="https://x.example/f" text="ok"/>`),
    );
    assert.deepEqual(parsed.feeds, [{ url: "https://x.example/f", title: "ok", siteUrl: null, tags: [] }]);
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
    assert.equal(Object.getPrototypeOf(parsed.feeds[0]), Object.prototype);
  });

  it("ignores feeds nested below the depth limit, and refuses a document nested without end", () => {
    const nest = (depth: number, url: string) =>
      `${'<outline text="f">'.repeat(depth)}<outline xmlUrl="${url}"/>${"</outline>".repeat(depth)}`;
    assert.deepEqual(parseOpml(opml(nest(OPML_LIMITS.maxDepth + 1, "https://deep/"))).feeds, []);
    assert.equal(parseOpml(opml(nest(3, "https://ok/"))).feeds[0]?.url, "https://ok/");
    assert.throws(() => parseOpml(opml(nest(10_000, "https://abyss/"))), { code: "MALFORMED" });
  });

  it("skips outlines with a blank or missing xmlUrl and attributes that are not strings", () => {
    const parsed = parseOpml(opml(`<outline xmlUrl="   "/><outline text="no url"/><outline xmlUrl="https://ok/"/>`));
    assert.deepEqual(
      parsed.feeds.map((feed) => feed.url),
      ["https://ok/"],
    );
  });
});
