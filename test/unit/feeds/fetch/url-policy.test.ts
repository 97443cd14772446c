import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { FetchFailure } from "../../../../src/feeds/fetch/fetch-failure.js";
import { hostKeyOf, literalAddressOf, parseFeedUrl, portOf } from "../../../../src/feeds/fetch/url-policy.js";

describe("parseFeedUrl", () => {
  // The WHATWG host parser turns every odd IPv4 spelling into a dotted quad, which the guard then refuses.
  const literals: [string, string][] = [
    ["http://2130706433/feed", "127.0.0.1"],
    ["http://0x7f.1/feed", "127.0.0.1"],
    ["http://127.1/feed", "127.0.0.1"],
    ["http://0177.0.0.1/feed", "127.0.0.1"],
    ["http://017700000001/feed", "127.0.0.1"],
    ["http://0/feed", "0.0.0.0"],
    ["http://[::1]/feed", "::1"],
    ["http://[::ffff:127.0.0.1]/feed", "::ffff:7f00:1"],
    ["http://[0:0:0:0:0:ffff:7f00:1]/feed", "::ffff:7f00:1"],
  ];
  for (const [raw, address] of literals) {
    it(`B1: ${raw} names the literal ${address}`, () => {
      assert.equal(literalAddressOf(parseFeedUrl(raw)), address);
    });
  }

  it("a host name is not a literal (it goes through the guarded DNS lookup)", () => {
    assert.equal(literalAddressOf(parseFeedUrl("https://evil.test/feed")), null);
  });

  const refused = [
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/_GET",
    "ftp://example.org/feed.xml",
    "javascript:alert(1)",
    "data:text/plain,hello",
    "ws://example.org/feed",
    "not a url",
    "/relative/feed.xml",
    "http://",
  ];
  for (const raw of refused) {
    it(`B1: ${raw} is INVALID_URL and the message names it`, () => {
      assert.throws(
        () => parseFeedUrl(raw),
        (error: unknown) =>
          error instanceof FetchFailure && error.code === "INVALID_URL" && error.message.startsWith(raw),
      );
    });
  }

  it("ports: explicit, or the scheme's default; the host key keeps them apart", () => {
    assert.equal(portOf(parseFeedUrl("http://example.org/")), 80);
    assert.equal(portOf(parseFeedUrl("https://example.org/")), 443);
    assert.equal(portOf(parseFeedUrl("http://example.org:8080/")), 8080);
    assert.equal(hostKeyOf(parseFeedUrl("HTTP://Example.ORG/feed")), "example.org:80");
    assert.equal(hostKeyOf(parseFeedUrl("http://[::1]:81/")), "[::1]:81");
  });
});
