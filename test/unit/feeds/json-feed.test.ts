/**
 * JSON Feed 1.0/1.1: field mapping, the deprecated 1.0 `author`, and untrusted shapes (wrong
 * types are ignored, never thrown on).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parse, parseError } from "./fixtures.js";

describe("JSON Feed", () => {
  it("maps a 1.1 feed", () => {
    const feed = parse(
      JSON.stringify({
        version: "https://jsonfeed.org/version/1.1",
        title: "Hypervisor digest",
        home_page_url: "https://digest.example/",
        description: "Weekly",
        authors: [{ name: "Digest Team" }],
        items: [
          {
            id: "42",
            url: "https://digest.example/42",
            title: "bhyve & friends",
            content_html: "<p>Body</p>",
            summary: "1 < 2",
            date_published: "2024-05-01T10:00:00Z",
            date_modified: "2024-05-02T10:00:00Z",
            tags: ["bhyve", 7, "freebsd"],
            authors: [{ name: "Ann" }, { url: "https://no-name.example/" }],
            attachments: [
              { url: "https://cdn.example/a.mp3", mime_type: "audio/mpeg", size_in_bytes: 10 },
              { title: "no url" },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(
      {
        format: feed.format,
        title: feed.title,
        siteUrl: feed.siteUrl,
        description: feed.description,
        authors: feed.authors,
      },
      {
        format: "json1.1",
        title: "Hypervisor digest",
        siteUrl: "https://digest.example/",
        description: "Weekly",
        authors: ["Digest Team"],
      },
    );
    assert.deepEqual(feed.items[0], {
      guid: "42",
      link: "https://digest.example/42",
      title: "bhyve & friends",
      summary: "1 &#60; 2",
      content: "<p>Body</p>",
      published: "2024-05-01T10:00:00Z",
      updated: "2024-05-02T10:00:00Z",
      authors: ["Ann"],
      categories: ["bhyve", "freebsd"],
      enclosures: [{ url: "https://cdn.example/a.mp3", type: "audio/mpeg", length: 10 }],
      baseUrl: null,
    });
  });

  it("maps a 1.0 feed: author object, content_text escaped, numeric id, external_url", () => {
    const feed = parse(
      JSON.stringify({
        version: "https://jsonfeed.org/version/1",
        title: "Old",
        author: { name: "Solo" },
        items: [{ id: 7, external_url: "https://elsewhere.example/", content_text: "a <b> c" }],
      }),
    );
    assert.equal(feed.format, "json1.0");
    assert.deepEqual(feed.authors, ["Solo"]);
    assert.deepEqual(
      [feed.items[0]?.guid, feed.items[0]?.link, feed.items[0]?.content],
      ["7", "https://elsewhere.example/", "a &#60;b&#62; c"],
    );
  });

  it("ignores members of the wrong type instead of throwing", () => {
    const feed = parse(
      `{"version":"https://jsonfeed.org/version/1.1","title":["x"],"home_page_url":5,"authors":"me",
        "items":[null, 3, "x", {"id":{"a":1},"title":true,"tags":"kvm","attachments":{"url":"x"},"authors":[null]}]}`,
    );
    assert.equal(feed.title, null);
    assert.equal(feed.items.length, 1);
    assert.deepEqual(feed.items[0], {
      guid: null, link: null, title: null, summary: null, content: null, published: null, updated: null,
      authors: [], categories: [], enclosures: [], baseUrl: null,
    }); // prettier-ignore
  });

  const rejected: [name: string, body: string, code: string][] = [
    ["JSON that is not a feed", `{"name":"package.json"}`, "UNSUPPORTED_FORMAT"],
    ["truncated JSON", `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1"`, "MALFORMED"],
  ];
  for (const [name, body, code] of rejected) {
    it(`rejects ${name}`, () => assert.equal(parseError(() => parse(body)).code, code));
  }
});
