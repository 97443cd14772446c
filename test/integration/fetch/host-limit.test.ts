import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { createFetcher } from "../../../src/feeds/fetch/fetcher.js";
import type { HostConcurrency } from "../../../src/feeds/fetch/host-limiter.js";
import { type FeedServer, startFeedServer } from "../../helpers/feed-server.js";
import { assertOk } from "./support.js";

const FEEDS = 8;

function routes() {
  return Object.fromEntries(
    Array.from({ length: FEEDS }, (_, i) => [
      `/feed/${i}`,
      { body: `<rss><channel><title>${i}</title></channel></rss>`, latencyMs: 50 },
    ]),
  );
}

describe("B9: per-host concurrency limit", () => {
  let hostA: FeedServer;
  let hostB: FeedServer;

  before(async () => {
    hostA = await startFeedServer({ routes: routes() });
    hostB = await startFeedServer({ routes: routes() });
  });
  after(async () => {
    await hostA.close();
    await hostB.close();
  });

  it("B9: 8 concurrent fetches per host never have more than 2 in flight on either host", async () => {
    const events: HostConcurrency[] = [];
    const fetcher = createFetcher({
      allowList: [hostA.allowEntry, hostB.allowEntry],
      onHostConcurrency: (snapshot) => events.push({ ...snapshot }),
    });
    const urls = [hostA, hostB].flatMap((server) => Array.from({ length: FEEDS }, (_, i) => server.url(`/feed/${i}`)));
    const results = await Promise.all(urls.map((url) => fetcher.fetch({ url })));

    results.forEach(assertOk);
    assert.equal(hostA.maxInFlight, 2, "server A saw at most 2 at once");
    assert.equal(hostB.maxInFlight, 2, "server B saw at most 2 at once");
    assert.deepEqual(
      fetcher.stats().map(({ host, inFlight, waiting, maxInFlight }) => [host, inFlight, waiting, maxInFlight]),
      [
        [`127.0.0.1:${hostA.port}`, 0, 0, 2],
        [`127.0.0.1:${hostB.port}`, 0, 0, 2],
      ],
    );
    assert.ok(events.every((snapshot) => snapshot.inFlight <= 2));
    assert.ok(
      events.some((snapshot) => snapshot.waiting > 0),
      "later fetches waited their turn",
    );
  });

  it("B9: a limit of 1 serialises one host", async () => {
    hostA.resetCounters();
    const fetcher = createFetcher({ allowList: [hostA.allowEntry], maxConcurrentPerHost: 1 });
    const results = await Promise.all([0, 1, 2, 3].map((i) => fetcher.fetch({ url: hostA.url(`/feed/${i}`) })));
    results.forEach(assertOk);
    assert.equal(hostA.maxInFlight, 1);
  });
});
