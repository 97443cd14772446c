/**
 * URL rules: the unique feed URL (registry key), canonical article links (identity), and
 * resolution through the xml:base chain.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  canonicalizeLink,
  canonicalizeResolvedLink,
  effectiveBase,
  FeedUrlError,
  normalizeFeedUrl,
  resolveHttpUrl,
} from "../../../src/feeds/normalize/url.js";

describe("normalizeFeedUrl", () => {
  const accepted: [string, string][] = [
    ["https://Example.COM/feed.xml", "https://example.com/feed.xml"],
    ["HTTP://example.com:80/rss", "http://example.com/rss"],
    ["https://example.com:443/rss", "https://example.com/rss"],
    ["https://example.com:8443/rss", "https://example.com:8443/rss"],
    ["https://example.com/rss#latest", "https://example.com/rss"],
    ["  https://example.com/rss?format=atom&Tag=KVM  ", "https://example.com/rss?format=atom&Tag=KVM"],
    ["https://example.com", "https://example.com/"],
    ["https://bücher.example/feed", "https://xn--bcher-kva.example/feed"],
    ["https://example.com/Path/Case/", "https://example.com/Path/Case/"],
  ];
  for (const [input, expected] of accepted) {
    it(`${input} → ${expected}`, () => assert.equal(normalizeFeedUrl(input), expected));
  }

  const rejected: [string, RegExp][] = [
    ["ftp://example.com/feed", /scheme "ftp" is not http or https/],
    ["javascript:alert(1)", /scheme "javascript"/],
    ["file:///etc/passwd", /scheme "file"/],
    ["feed.xml", /not an absolute URL/],
    ["", /not an absolute URL/],
    ["https://", /not an absolute URL/],
  ];
  for (const [input, reason] of rejected) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => normalizeFeedUrl(input),
        (error: unknown) =>
          error instanceof FeedUrlError && error.code === "INVALID_FEED_URL" && reason.test(error.message),
      );
    });
  }
});

describe("canonicalizeLink", () => {
  const cases: [string | null, string | null][] = [
    ["https://Blog.Example:443/post?utm_source=rss&utm_medium=feed#comments", "https://blog.example/post"],
    ["https://blog.example/post?id=7&utm_campaign=x&fbclid=abc&gclid=def", "https://blog.example/post?id=7"],
    ["https://blog.example/post?mc_cid=1&mc_eid=2&page=2", "https://blog.example/post?page=2"],
    ["https://blog.example/post?UTM_SOURCE=x&q=a%20b", "https://blog.example/post?q=a%20b"],
    ["https://blog.example/post?q=a+b&utm_term=z", "https://blog.example/post?q=a+b"],
    ["https://blog.example/post?", "https://blog.example/post"],
    ["http://blog.example:80/a/../b", "http://blog.example/b"],
    ["mailto:a@example.com", null],
    ["javascript:alert(1)", null],
    ["not a url", null],
    [null, null],
  ];
  for (const [input, expected] of cases) {
    it(`${String(input)} → ${String(expected)}`, () => assert.equal(canonicalizeLink(input), expected));
  }

  it("gives the same answer for a link resolveHttpUrl produced, without parsing it again", () => {
    const inputs = [...cases.map(([input]) => input), "https://Blog.Example/a b", "HTTPS://x.example:8443/p", "/rel/x"];
    for (const input of inputs) {
      const resolved = resolveHttpUrl(input, "https://base.example/dir/");
      assert.equal(canonicalizeResolvedLink(resolved), canonicalizeLink(resolved), String(input));
    }
  });
});

describe("resolving links through the base chain", () => {
  const feedUrl = "https://news.example/feeds/main.xml";
  const cases: [
    name: string,
    link: string,
    itemBase: string | null,
    feedBase: string | null,
    expected: string | null,
  ][] = [
    ["relative to the feed URL", "posts/1", null, null, "https://news.example/feeds/posts/1"],
    ["root-relative", "/posts/1", null, null, "https://news.example/posts/1"],
    ["against the feed xml:base", "posts/1", null, "https://cdn.example/blog/", "https://cdn.example/blog/posts/1"],
    ["against a relative feed xml:base", "1", null, "/archive/", "https://news.example/archive/1"],
    ["against the item xml:base", "1", "2024/", "https://cdn.example/blog/", "https://cdn.example/blog/2024/1"],
    ["an absolute link stays", "https://other.example/x", "2024/", null, "https://other.example/x"],
    ["protocol-relative", "//cdn.example/x", null, null, "https://cdn.example/x"],
    ["javascript: is refused", "javascript:alert(1)", null, null, null],
    ["data: is refused", "data:text/html,<script>", null, null, null],
  ];
  for (const [name, link, itemBase, feedBase, expected] of cases) {
    it(name, () => assert.equal(resolveHttpUrl(link, effectiveBase(itemBase, feedBase, feedUrl)), expected));
  }
});
