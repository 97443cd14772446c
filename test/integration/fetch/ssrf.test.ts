import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { ResolveHost } from "../../../src/feeds/fetch/address-guard.js";
import { createFetcher } from "../../../src/feeds/fetch/fetcher.js";
import { type FeedServer, startFeedServer } from "../../helpers/feed-server.js";
import { assertFetchError, assertOk, openTcpSockets } from "./support.js";

const RSS = "<rss version='2.0'><channel><title>Xen</title></channel></rss>";

/** A resolver that maps every name to the given answers, in turn (the last one repeats). */
function resolverFrom(...answers: string[][]): ResolveHost & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const addresses = answers[Math.min(calls.length, answers.length) - 1] ?? [];
    return addresses.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) }));
  };
  return Object.assign(resolve, { calls });
}

describe("SSRF guard over loopback (only server A's port is allow-listed)", () => {
  let allowed: FeedServer; // "public": its exact 127.0.0.1:port is on the allow-list
  let forbidden: FeedServer; // another loopback port: must never accept a connection

  before(async () => {
    forbidden = await startFeedServer({ routes: { "/feed": { body: RSS } } });
    allowed = await startFeedServer({
      routes: {
        "/feed": { body: RSS },
        "/to-other-port": { redirectTo: forbidden.url("/feed") },
        "/to-evil-name": { redirectTo: `http://evil.test:${forbidden.port}/feed` },
        "/to-file": { redirectTo: "file:///etc/passwd" },
        "/to-self": { redirectTo: "/to-self" },
        "/ping": { redirectTo: "/pong", status: 307 },
        "/pong": { redirectTo: "/ping", status: 307 },
        "/moved": { redirectTo: "/feed", status: 301 },
        "/mixed": { redirectTo: "/moved", status: 302 },
        ...chain("/six", 6),
        ...chain("/five", 5),
      },
    });
  });
  after(async () => {
    await allowed.close();
    await forbidden.close();
  });

  const guarded = (resolveHost?: ResolveHost) =>
    createFetcher({ allowList: [allowed.allowEntry], timeoutMs: 5_000, ...(resolveHost ? { resolveHost } : {}) });

  it("the allow-listed port itself is reachable", async () => {
    assertOk(await guarded().fetch({ url: allowed.url("/feed") }));
  });

  const literalForms = (port: number) => [
    `http://127.0.0.1:${port}/feed`,
    `http://127.0.0.2:${port}/feed`,
    `http://[::1]:${port}/feed`,
    `http://[::ffff:127.0.0.1]:${port}/feed`,
    `http://[::ffff:7f00:1]:${port}/feed`,
    `http://2130706433:${port}/feed`,
    `http://0x7f.1:${port}/feed`,
    `http://127.1:${port}/feed`,
    `http://0.0.0.0:${port}/feed`,
    `http://0:${port}/feed`,
  ];

  it("B1: loopback literals in every spelling are BLOCKED_ADDRESS; the other port accepts nothing", async () => {
    for (const url of literalForms(forbidden.port)) {
      const result = assertFetchError(await guarded().fetch({ url }), "BLOCKED_ADDRESS", new URL(url).href);
      assert.match(result.message, /destination not allowed: .* is (loopback|unspecified)/);
    }
    assert.equal(forbidden.connections, 0);
  });

  it("B1: file: and gopher: are INVALID_URL", async () => {
    for (const url of ["file:///etc/passwd", `gopher://127.0.0.1:${forbidden.port}/_GET%20/`]) {
      assertFetchError(await guarded().fetch({ url }), "INVALID_URL", url);
    }
    assert.equal(forbidden.connections, 0);
  });

  it("B1: evil.test resolving to 127.0.0.1 is refused after DNS", async () => {
    const resolveHost = resolverFrom(["127.0.0.1"]);
    const url = `http://evil.test:${forbidden.port}/feed`;
    assertFetchError(await guarded(resolveHost).fetch({ url }), "BLOCKED_ADDRESS", url);
    assert.deepEqual(resolveHost.calls, ["evil.test"]);
    assert.equal(forbidden.connections, 0);
  });

  it("B1: a name with one public and one loopback answer is refused", async () => {
    const url = `http://mixed.test:${forbidden.port}/feed`;
    assertFetchError(
      await guarded(resolverFrom(["93.184.215.14", "127.0.0.1"])).fetch({ url }),
      "BLOCKED_ADDRESS",
      url,
    );
    assert.equal(forbidden.connections, 0);
  });

  it("B1: localhost through the system resolver is refused", async () => {
    const url = `http://localhost:${forbidden.port}/feed`;
    const result = await guarded().fetch({ url });
    assert.equal(result.kind === "error" && ["BLOCKED_ADDRESS", "DNS_FAILED"].includes(result.code), true);
    assert.equal(forbidden.connections, 0);
  });

  it("B2: a redirect to another loopback port is refused; that port accepts nothing", async () => {
    const result = assertFetchError(
      await guarded().fetch({ url: allowed.url("/to-other-port") }),
      "BLOCKED_ADDRESS",
      forbidden.url("/feed"),
    );
    assert.deepEqual(result.redirects, [forbidden.url("/feed")]);
    assert.equal(forbidden.connections, 0);
  });

  it("B2: a redirect to a name that resolves to loopback is refused", async () => {
    const url = allowed.url("/to-evil-name");
    assertFetchError(await guarded(resolverFrom(["127.0.0.1"])).fetch({ url }), "BLOCKED_ADDRESS", "evil.test");
    assert.equal(forbidden.connections, 0);
  });

  it("B2: a redirect to file: is REDIRECT_NOT_ALLOWED", async () => {
    const url = allowed.url("/to-file");
    assert.match(
      assertFetchError(await guarded().fetch({ url }), "REDIRECT_NOT_ALLOWED", url).message,
      /file:\/\/\/etc\/passwd/,
    );
  });

  it("B2: redirect loops are TOO_MANY_REDIRECTS", async () => {
    for (const path of ["/to-self", "/ping"]) {
      const url = allowed.url(path);
      assert.match(
        assertFetchError(await guarded().fetch({ url }), "TOO_MANY_REDIRECTS", allowed.origin).message,
        /loop/,
      );
    }
    assert.equal(allowed.requests("/ping"), 1);
  });

  it("B2: a chain of 6 × 301 is TOO_MANY_REDIRECTS; the 7th URL is never requested", async () => {
    const url = allowed.url("/six/0");
    const result = assertFetchError(await guarded().fetch({ url }), "TOO_MANY_REDIRECTS", allowed.origin);
    assert.match(result.message, /more than 5 redirects/);
    assert.equal(allowed.requests("/six/5"), 1);
    assert.equal(allowed.requests("/six/6"), 0);
  });

  it("B2: 5 × 301 is followed: redirects, finalUrl and permanentRedirect are reported", async () => {
    const result = assertOk(await guarded().fetch({ url: allowed.url("/five/0") }));
    assert.deepEqual(
      result.redirects,
      [1, 2, 3, 4, 5].map((i) => allowed.url(`/five/${i}`)),
    );
    assert.equal(result.finalUrl, allowed.url("/five/5"));
    assert.equal(result.permanentRedirect, true);
  });

  it("B2: a 302 before a 301 is not a permanent move", async () => {
    const result = assertOk(await guarded().fetch({ url: allowed.url("/mixed") }));
    assert.deepEqual([result.finalUrl, result.permanentRedirect], [allowed.url("/feed"), false]);
  });

  it("B6: no TCP socket is left open after redirects and refusals", async () => {
    await guarded().fetch({ url: allowed.url("/moved") });
    await guarded().fetch({ url: allowed.url("/to-other-port") });
    await allowed.idle();
    assert.equal(openTcpSockets(), 0);
  });
});

describe("B3: DNS rebinding", () => {
  let allowed: FeedServer;
  let rebound: FeedServer | null = null; // 127.0.0.2 on the same port, when the OS routes 127/8 to lo (Linux)

  before(async () => {
    allowed = await startFeedServer({ routes: { "/feed": { body: RSS }, "/hop": { redirectTo: "/feed" } } });
    rebound = await startFeedServer({
      host: "127.0.0.2",
      port: allowed.port,
      routes: { "/feed": { body: "secret" } },
    }).catch(() => null);
  });
  after(async () => {
    await allowed.close();
    await rebound?.close();
  });

  const fetcherWith = (resolveHost: ResolveHost) => createFetcher({ allowList: [allowed.allowEntry], resolveHost });

  it("B3: the second lookup answers 127.0.0.2: that connection is refused", async () => {
    const resolveHost = resolverFrom(["127.0.0.1"], ["127.0.0.2"]);
    const fetcher = fetcherWith(resolveHost);
    const url = `http://feeds.example:${allowed.port}/feed`;
    assert.equal(assertOk(await fetcher.fetch({ url })).body.toString(), RSS);
    assertFetchError(await fetcher.fetch({ url }), "BLOCKED_ADDRESS", url);
    assert.equal(resolveHost.calls.length, 2);
    assert.equal(rebound?.connections ?? 0, 0);
  });

  it("B3: rebinding between redirect hops is caught on the hop that connects", async () => {
    const resolveHost = resolverFrom(["127.0.0.1"], ["127.0.0.2"]);
    const url = `http://feeds.example:${allowed.port}/hop`;
    const result = assertFetchError(await fetcherWith(resolveHost).fetch({ url }), "BLOCKED_ADDRESS", "/feed");
    assert.match(result.message, /127\.0\.0\.2 is loopback/);
    assert.equal(allowed.requests("/hop"), 1);
    assert.equal(allowed.requests("/feed"), 1); // only the first test's request
    assert.equal(rebound?.requests("/feed") ?? 0, 0);
  });
});

/** `${prefix}/0` → `${prefix}/1` → ... → `${prefix}/${hops}` (200), each a 301. */
function chain(prefix: string, hops: number) {
  const routes: Record<string, { redirectTo?: string; status?: number; body?: string }> = {};
  for (let i = 0; i < hops; i += 1) routes[`${prefix}/${i}`] = { redirectTo: `${prefix}/${i + 1}`, status: 301 };
  routes[`${prefix}/${hops}`] = { body: RSS };
  return routes;
}
