import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { createFetcher } from "../../../src/feeds/fetch/fetcher.js";
import { SERVICE_VERSION } from "../../../src/version.js";
import { type FeedServer, startFeedServer } from "../../helpers/feed-server.js";
import { assertFetchError, assertOk, openTcpSockets } from "./support.js";

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>KVM news</title></channel></rss>`;
const LAST_MODIFIED = "Wed, 21 Oct 2026 07:28:00 GMT";

describe("fetcher over the loopback feed server", () => {
  let server: FeedServer;
  const now = new Date("2026-11-01T12:00:00.000Z");
  const fetcher = () => createFetcher({ allowList: [server.allowEntry], now: () => now, timeoutMs: 5_000 });

  before(async () => {
    server = await startFeedServer({
      routes: {
        "/feed.xml": {
          body: RSS,
          etag: '"v1"',
          lastModified: LAST_MODIFIED,
          headers: { "cache-control": "max-age=600" },
        },
        "/dated.xml": { body: RSS, lastModified: LAST_MODIFIED },
        "/gzip.xml": { body: RSS, encoding: ["gzip"] },
        "/deflate.xml": { body: RSS, encoding: ["deflate"] },
        "/br.xml": { body: RSS, encoding: ["br"] },
        "/gzip-br.xml": { body: RSS, encoding: ["gzip", "br"] },
        "/missing.xml": { status: 404, body: "gone" },
        "/no-location.xml": { status: 302 },
        "/busy.xml": { status: 429, retryAfter: "30" },
        "/busy-date.xml": { status: 429, retryAfter: "Sun, 01 Nov 2026 12:10:00 GMT" },
        "/busy-no-header.xml": { status: 429 },
        "/down.xml": { status: 503, retryAfter: "120" },
        "/broken.xml": { status: 503 },
        "/silent.xml": { neverAnswer: true },
      },
    });
  });
  after(() => server.close());

  it("200: body, validators and hints, with our User-Agent and Accept-Encoding sent", async () => {
    const result = assertOk(await fetcher().fetch({ url: server.url("/feed.xml") }));
    assert.equal(result.body.toString("utf8"), RSS);
    assert.equal(result.bytes, Buffer.byteLength(RSS));
    assert.equal(result.status, 200);
    assert.deepEqual(result.headers, {
      contentType: "application/rss+xml; charset=utf-8",
      etag: '"v1"',
      lastModified: LAST_MODIFIED,
      cacheControl: "max-age=600",
      expires: null,
      retryAfter: null,
    });
    assert.deepEqual(
      [result.finalUrl, result.redirects, result.permanentRedirect],
      [server.url("/feed.xml"), [], false],
    );
    const sent = server.lastRequestHeaders("/feed.xml");
    assert.match(
      sent?.["user-agent"] ?? "",
      new RegExp(`^HypervisorNewsGraph/${SERVICE_VERSION} \\(\\+https?://\\S+\\)$`),
    );
    assert.equal(sent?.["accept-encoding"], "gzip, deflate, br");
    assert.equal(sent?.["if-none-match"], undefined);
  });

  for (const path of ["/gzip.xml", "/deflate.xml", "/br.xml", "/gzip-br.xml"]) {
    it(`decodes ${path}`, async () => {
      const result = assertOk(await fetcher().fetch({ url: server.url(path) }));
      assert.equal(result.body.toString("utf8"), RSS);
    });
  }

  it("a custom User-Agent is sent as given", async () => {
    const custom = createFetcher({ allowList: [server.allowEntry], userAgent: "Test/1 (+http://test.invalid)" });
    assertOk(await custom.fetch({ url: server.url("/feed.xml") }));
    assert.equal(server.lastRequestHeaders("/feed.xml")?.["user-agent"], "Test/1 (+http://test.invalid)");
  });

  it("B8: conditional GET with the ETag → 304 not-modified", async () => {
    const result = await fetcher().fetch({ url: server.url("/feed.xml"), etag: '"v1"', lastModified: LAST_MODIFIED });
    assert.equal(result.kind, "not-modified");
    assert.equal(result.status, 304);
    assert.equal(server.lastRequestHeaders("/feed.xml")?.["if-none-match"], '"v1"');
    assert.equal(server.lastRequestHeaders("/feed.xml")?.["if-modified-since"], LAST_MODIFIED);
  });

  it("B8: a stale ETag gets the full body", async () => {
    const result = assertOk(await fetcher().fetch({ url: server.url("/feed.xml"), etag: '"v0"' }));
    assert.equal(result.headers.etag, '"v1"');
  });

  it("B8: conditional GET with Last-Modified only → 304", async () => {
    const result = await fetcher().fetch({ url: server.url("/dated.xml"), lastModified: LAST_MODIFIED });
    assert.equal(result.kind, "not-modified");
  });

  it("a validator carrying CR/LF is not sent (no header injection)", async () => {
    assertOk(await fetcher().fetch({ url: server.url("/dated.xml"), etag: '"x"\r\nX-Evil: 1' }));
    assert.equal(server.lastRequestHeaders("/dated.xml")?.["x-evil"], undefined);
    assert.equal(server.lastRequestHeaders("/dated.xml")?.["if-none-match"], undefined);
  });

  it("404 → HTTP_STATUS with the status and headers", async () => {
    const url = server.url("/missing.xml");
    const result = assertFetchError(await fetcher().fetch({ url }), "HTTP_STATUS", url);
    assert.equal(result.status, 404);
    assert.match(result.message, /HTTP 404/);
  });

  it("a 302 without Location → HTTP_STATUS 302", async () => {
    const url = server.url("/no-location.xml");
    assert.equal(assertFetchError(await fetcher().fetch({ url }), "HTTP_STATUS", url).status, 302);
  });

  it("B9: 429 + Retry-After seconds → RATE_LIMITED with retryAt = now + 30 s", async () => {
    const url = server.url("/busy.xml");
    const result = assertFetchError(await fetcher().fetch({ url }), "RATE_LIMITED", url);
    assert.equal(result.retryAt?.toISOString(), "2026-11-01T12:00:30.000Z");
    assert.equal(result.headers?.retryAfter, "30");
    assert.equal(result.status, 429);
  });

  it("B9: 429 + Retry-After HTTP-date → RATE_LIMITED at that date", async () => {
    const url = server.url("/busy-date.xml");
    const result = assertFetchError(await fetcher().fetch({ url }), "RATE_LIMITED", url);
    assert.equal(result.retryAt?.toISOString(), "2026-11-01T12:10:00.000Z");
  });

  it("B9: 429 without Retry-After is still RATE_LIMITED, with no retryAt", async () => {
    const url = server.url("/busy-no-header.xml");
    assert.equal(assertFetchError(await fetcher().fetch({ url }), "RATE_LIMITED", url).retryAt, null);
  });

  it("B9: 503 + Retry-After → RATE_LIMITED; 503 alone → HTTP_STATUS", async () => {
    const down = server.url("/down.xml");
    const limited = assertFetchError(await fetcher().fetch({ url: down }), "RATE_LIMITED", down);
    assert.equal(limited.retryAt?.toISOString(), "2026-11-01T12:02:00.000Z");
    const broken = server.url("/broken.xml");
    assert.equal(assertFetchError(await fetcher().fetch({ url: broken }), "HTTP_STATUS", broken).status, 503);
  });

  it("D9: the caller's abort ends a fetch as a result, not an exception", async () => {
    const url = server.url("/silent.xml");
    const controller = new AbortController();
    const pending = fetcher().fetch({ url }, controller.signal);
    await server.waitForRequests("/silent.xml", 1);
    controller.abort();
    assert.match(assertFetchError(await pending, "NETWORK", url).message, /aborted by the caller/);
  });

  it("B5: the caller's own AbortSignal.timeout is reported as TIMEOUT", async () => {
    const url = server.url("/silent.xml");
    assertFetchError(await fetcher().fetch({ url }, AbortSignal.timeout(200)), "TIMEOUT", url);
  });

  it("B6: no TCP socket is left open after fetches", async () => {
    await fetcher().fetch({ url: server.url("/feed.xml") });
    await fetcher().fetch({ url: server.url("/missing.xml") });
    await server.idle();
    assert.equal(openTcpSockets(), 0);
  });
});
