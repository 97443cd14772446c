import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { FetchFailure } from "../../../../src/feeds/fetch/fetch-failure.js";
import type { FetchErrorCode } from "../../../../src/feeds/fetch/fetch-result.js";
import { isPermanentRedirect, isRedirect, nextRedirectUrl } from "../../../../src/feeds/fetch/redirects.js";

const failsWith = (code: FetchErrorCode, text: RegExp) => (error: unknown) =>
  error instanceof FetchFailure && error.code === code && text.test(error.message);

describe("nextRedirectUrl", () => {
  const state = (visited: string[]) => ({ visited, maxRedirects: 5 });

  it("resolves a relative Location against the current URL (RFC 9110 §10.2.2)", () => {
    const current = new URL("https://example.org/a/feed.xml");
    assert.equal(
      nextRedirectUrl(current, "../b/feed.xml", state([current.href])).href,
      "https://example.org/b/feed.xml",
    );
  });

  it("B2: allows http → https", () => {
    const current = new URL("http://example.org/feed");
    assert.equal(nextRedirectUrl(current, "https://example.org/feed", state([current.href])).protocol, "https:");
  });

  it("B2: refuses an https → http downgrade", () => {
    const current = new URL("https://example.org/feed");
    assert.throws(
      () => nextRedirectUrl(current, "http://example.org/feed", state([current.href])),
      failsWith("REDIRECT_NOT_ALLOWED", /^https:\/\/example\.org\/feed: redirect from https to http/),
    );
  });

  for (const location of ["file:///etc/passwd", "gopher://example.org/", "javascript:alert(1)", "data:,x"]) {
    it(`B2: refuses a redirect to ${location}`, () => {
      const current = new URL("http://example.org/feed");
      assert.throws(
        () => nextRedirectUrl(current, location, state([current.href])),
        failsWith("REDIRECT_NOT_ALLOWED", /redirect target not allowed/),
      );
    });
  }

  it("B2: detects a loop back to a visited URL", () => {
    const visited = ["http://example.org/a", "http://example.org/b"];
    assert.throws(
      () => nextRedirectUrl(new URL(visited[1] ?? ""), "/a", state(visited)),
      failsWith("TOO_MANY_REDIRECTS", /redirect loop back to http:\/\/example\.org\/a/),
    );
  });

  it("B2: allows the 5th redirect and refuses the 6th", () => {
    const visited = [0, 1, 2, 3, 4].map((i) => `http://example.org/${i}`);
    const current = new URL("http://example.org/4");
    assert.equal(nextRedirectUrl(current, "/5", state(visited)).pathname, "/5");
    visited.push("http://example.org/5");
    assert.throws(
      () => nextRedirectUrl(new URL("http://example.org/5"), "/6", state(visited)),
      failsWith("TOO_MANY_REDIRECTS", /more than 5 redirects/),
    );
  });

  it("a redirect without Location is an HTTP_STATUS error", () => {
    const current = new URL("http://example.org/feed");
    assert.throws(
      () => nextRedirectUrl(current, undefined, state([current.href])),
      failsWith("HTTP_STATUS", /Location/),
    );
  });

  it("knows which statuses redirect, and which are permanent (RFC 9110 §15.4)", () => {
    assert.deepEqual([300, 301, 302, 303, 304, 305, 307, 308].filter(isRedirect), [301, 302, 303, 307, 308]);
    assert.deepEqual([301, 302, 303, 307, 308].filter(isPermanentRedirect), [301, 308]);
  });
});
