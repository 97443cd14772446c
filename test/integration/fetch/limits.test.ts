import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { FetchResult } from "../../../src/feeds/fetch/fetch-result.js";
import { createFetcher } from "../../../src/feeds/fetch/fetcher.js";
import { type FeedServer, startFeedServer } from "../../helpers/feed-server.js";
import { assertFetchError, assertOk, openTcpSockets } from "./support.js";

const MiB = 1024 * 1024;
const CAP = 15 * MiB; // the default cap
const RSS = "<rss version='2.0'><channel><title>Hyper-V</title></channel></rss>";

/**
 * Growth of resident memory allowed while a capped fetch runs. The feed server runs in this same
 * process and GC timing is noisy, so the bound is 3x the cap rather than a tight 2x; what it must
 * tell apart is a capped reader (tens of MiB at most) from one that buffers the 1 GiB bodies below.
 */
const MEMORY_BOUND = 3 * CAP;

/** Runs a fetch and reports how much the process's resident memory grew meanwhile. */
async function withRssGrowth(run: () => Promise<FetchResult>): Promise<{ result: FetchResult; grewBy: number }> {
  const before = process.memoryUsage().rss;
  const result = await run();
  return { result, grewBy: process.memoryUsage().rss - before };
}

describe("B4: size cap on decoded bytes", () => {
  let server: FeedServer;
  const fetcher = () => createFetcher({ allowList: [server.allowEntry], timeoutMs: 30_000 });

  before(async () => {
    server = await startFeedServer({
      routes: {
        "/huge": { hugeBodyBytes: 1024 * MiB },
        "/bomb": { gzipBomb: { decodedBytes: 1024 * MiB } },
        "/bomb-2-layers": { gzipBomb: { decodedBytes: 1024 * MiB, layers: 2 } },
        "/gzip-x3": { body: RSS, encoding: ["gzip", "gzip", "gzip"] },
        "/claims-gzip-x10": { body: RSS, encoding: ["gzip"], contentEncodingHeader: Array(10).fill("gzip").join(", ") },
        "/gzip-x2": { body: RSS, encoding: ["gzip", "gzip"] },
        "/compress": { body: RSS, contentEncodingHeader: "compress" },
        "/not-gzip": { body: "this is not gzip", contentEncodingHeader: "gzip" },
        "/short-length": { hugeBodyBytes: 50 * MiB, contentLength: 1024 },
        "/long-length": { body: RSS, contentLength: 100 * MiB },
        "/length-past-body": { body: RSS, contentLength: 10_000 },
        "/after": { body: RSS },
      },
    });
  });
  after(() => server.close());

  it("B4: a 1 GiB body is cut at the cap with TOO_LARGE, memory bounded", async () => {
    const url = server.url("/huge");
    const { result, grewBy } = await withRssGrowth(() => fetcher().fetch({ url }));
    assert.match(assertFetchError(result, "TOO_LARGE", url).message, new RegExp(`exceeds ${CAP} bytes`));
    assert.ok(grewBy < MEMORY_BOUND, `resident memory grew by ${grewBy} bytes`);
  });

  it("B4: a gzip bomb (1 GiB of zeros) is cut at the cap, counted on decoded bytes", async () => {
    const url = server.url("/bomb");
    const { result, grewBy } = await withRssGrowth(() => fetcher().fetch({ url }));
    assertFetchError(result, "TOO_LARGE", url);
    assert.ok(grewBy < MEMORY_BOUND, `resident memory grew by ${grewBy} bytes`);
  });

  it("B4: a double-gzip bomb (tens of kB on the wire, 1 GiB decoded) is cut at the cap", async () => {
    const url = server.url("/bomb-2-layers");
    const { result, grewBy } = await withRssGrowth(() => fetcher().fetch({ url }));
    assertFetchError(result, "TOO_LARGE", url);
    assert.ok(grewBy < MEMORY_BOUND, `resident memory grew by ${grewBy} bytes`);
  });

  it("B4: a smaller configured cap applies to decoded bytes too", async () => {
    const url = server.url("/bomb");
    const small = createFetcher({ allowList: [server.allowEntry], maxBodyBytes: 64 * 1024 });
    assert.match(assertFetchError(await small.fetch({ url }), "TOO_LARGE", url).message, /exceeds 65536 bytes/);
  });

  it("B4: stacked encodings beyond 2 layers are BAD_ENCODING, real or claimed", async () => {
    for (const path of ["/gzip-x3", "/claims-gzip-x10"]) {
      const url = server.url(path);
      assert.match(assertFetchError(await fetcher().fetch({ url }), "BAD_ENCODING", url).message, /stacked/);
    }
  });

  it("B4: two gzip layers are still decoded", async () => {
    assert.equal(assertOk(await fetcher().fetch({ url: server.url("/gzip-x2") })).body.toString(), RSS);
  });

  it("B4: an unknown coding or a corrupt gzip body is BAD_ENCODING", async () => {
    for (const path of ["/compress", "/not-gzip"]) {
      const url = server.url(path);
      assertFetchError(await fetcher().fetch({ url }), "BAD_ENCODING", url);
    }
  });

  it("B4: a Content-Length shorter than the 50 MiB sent is a protocol error, never a big body", async () => {
    // RFC 9112 §6.3: the length frames the message; the bytes after it are rejected by the parser.
    const url = server.url("/short-length");
    assertFetchError(await fetcher().fetch({ url }), "NETWORK", url);
  });

  it("B4: a Content-Length over the cap is refused before reading", async () => {
    const url = server.url("/long-length");
    assert.match(
      assertFetchError(await fetcher().fetch({ url }), "TOO_LARGE", url).message,
      /Content-Length 104857600/,
    );
  });

  it("B4: a Content-Length longer than the body is an error, not a truncated feed", async () => {
    const url = server.url("/length-past-body");
    assert.match(assertFetchError(await fetcher().fetch({ url }), "NETWORK", url).message, /not received in full/);
  });

  it("B4: the next feed is fetched normally, and no socket is left open", async () => {
    assertOk(await fetcher().fetch({ url: server.url("/after") }));
    await server.idle();
    assert.equal(openTcpSockets(), 0);
  });
});

describe("B5: one overall deadline", () => {
  let server: FeedServer;
  const fetcher = () => createFetcher({ allowList: [server.allowEntry], timeoutMs: 500 });

  before(async () => {
    server = await startFeedServer({
      routes: {
        "/silent": { neverAnswer: true },
        "/trickle-2s": { trickle: { everyMs: 2000 } },
        "/trickle-fast": { trickle: { everyMs: 50, bytes: 100_000 } }, // would reset any idle timer forever
        "/after": { body: RSS },
      },
    });
  });
  after(() => server.close());

  it("B5: a server that accepts and never answers → TIMEOUT", async () => {
    const url = server.url("/silent");
    assert.match(assertFetchError(await fetcher().fetch({ url }), "TIMEOUT", url).message, /within 500 ms/);
    assert.equal(server.requests("/silent"), 1);
  });

  it("B5: headers then a byte every 2 s → TIMEOUT", async () => {
    const url = server.url("/trickle-2s");
    assertFetchError(await fetcher().fetch({ url }), "TIMEOUT", url);
  });

  it("B5: a byte every 50 ms does not extend the deadline → TIMEOUT", async () => {
    const url = server.url("/trickle-fast");
    assertFetchError(await fetcher().fetch({ url }), "TIMEOUT", url);
  });

  it("B5: DNS that never answers → CONNECT_TIMEOUT", async () => {
    const hanging = createFetcher({
      allowList: [server.allowEntry],
      connectTimeoutMs: 100,
      resolveHost: () => new Promise(() => undefined),
    });
    const url = `http://never.test:${server.port}/after`;
    assertFetchError(await hanging.fetch({ url }), "CONNECT_TIMEOUT", url);
  });

  it("B5/B6: sockets are destroyed at the deadline and the next feed proceeds", async () => {
    assertOk(await fetcher().fetch({ url: server.url("/after") }));
    await server.idle();
    assert.equal(openTcpSockets(), 0);
  });
});
