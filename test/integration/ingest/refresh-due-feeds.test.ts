import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { normalizeFeedUrl as normalizeUrl } from "../../../src/feeds/normalize/url.js";
import { addFeeds } from "../../../src/ingest/add-feeds.js";
import { refreshDueFeeds } from "../../../src/ingest/refresh-due-feeds.js";
import { articlesCollection } from "../../../src/store/articles.js";
import { feedsCollection } from "../../../src/store/feeds.js";
import { ensureIndexes } from "../../../src/store/indexes.js";
import { type FeedRoute, type FeedServer, startFeedServer } from "../../helpers/feed-server.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";
import { createTestDeps, items, MINUTE, rss } from "./ingest-harness.js";

const BILLION_LAUGHS = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">${Array.from(
  { length: 9 },
  (_, i) => `<!ENTITY l${i + 1} "${`&${i === 0 ? "a" : `l${i}`};`.repeat(10)}">`,
).join(
  "",
)}]><rss version="2.0"><channel><title>&l9;</title><item><guid>lol</guid><title>&l9;</title></item></channel></rss>`;

describe("refreshDueFeeds", () => {
  let t: TestDatabase;
  let server: FeedServer;
  before(async () => {
    t = await openTestDatabase("refresh_due");
    await ensureIndexes(t.db);
    server = await startFeedServer();
  });
  after(async () => {
    await server.close();
    await t.drop();
  });

  it("D10: good feeds are stored and each broken one is recorded with its error and a backoff; the run goes on", async () => {
    const now = new Date();
    const good = Array.from({ length: 10 }, (_, i) => `/d10/good-${i}.xml`);
    const bad: Record<string, FeedRoute> = {
      // An unterminated attribute quote: not XML at all (the parser recovers from lesser damage).
      "/d10/malformed.xml": { body: '<rss version="2.0><channel><item><title>a</title></item></channel></rss>' },
      "/d10/huge.xml": { hugeBodyBytes: 50 * 1024 * 1024 },
      "/d10/gzip-bomb.xml": { gzipBomb: { decodedBytes: 2 * 1024 * 1024 * 1024 } },
      "/d10/hangs.xml": { neverAnswer: true },
      "/d10/trickles.xml": { trickle: { everyMs: 200, bytes: 100_000 } },
      "/d10/redirect-loop.xml": { redirectTo: "/d10/redirect-loop.xml" },
      "/d10/redirect-to-metadata.xml": { redirectTo: "http://169.254.169.254/latest/meta-data/" },
      "/d10/rate-limited.xml": { status: 429, retryAfter: "120" },
    };
    const odd: Record<string, FeedRoute> = {
      "/d10/billion-laughs.xml": { body: BILLION_LAUGHS },
      "/d10/proto-items.xml": {
        body: rss([
          { guid: "__proto__", title: "__proto__", link: "https://news.example/__proto__" },
          { guid: "constructor", title: "constructor", link: "https://news.example/constructor" },
        ]),
      },
    };
    good.forEach((path, i) => server.route(path, { body: rss(items(`good${i}`, 5, now)) }));
    Object.entries({ ...bad, ...odd }).forEach(([path, route]) => server.route(path, route));
    const paths = [...good, ...Object.keys(bad), ...Object.keys(odd)];
    await addFeeds(
      t.db,
      paths.map((path) => ({ url: server.url(path), title: path, siteUrl: null, tags: ["d10"] })),
      { normalizeUrl, now },
    );

    const run = await refreshDueFeeds(createTestDeps(t.db, [server.allowEntry]), now, { concurrency: 6 });

    assert.equal(run.feeds, paths.length);
    assert.equal(run.stoppedEarly, null);
    assert.equal(run.failed, Object.keys(bad).length, JSON.stringify(run.results.filter((r) => r.outcome !== "ok")));
    assert.equal(run.ok, good.length + Object.keys(odd).length);
    assert.equal(await articlesCollection(t.db).countDocuments({ title: /^good\d story/ }), good.length * 5);
    const feeds = await feedsCollection(t.db).find({ tags: "d10" }).toArray();
    const byPath = new Map(feeds.map((feed) => [new URL(feed.url).pathname, feed]));
    const expectedCodes: Record<string, string> = {
      "/d10/malformed.xml": "UNSUPPORTED_FORMAT",
      "/d10/huge.xml": "TOO_LARGE",
      "/d10/gzip-bomb.xml": "TOO_LARGE",
      "/d10/hangs.xml": "TIMEOUT",
      "/d10/trickles.xml": "TIMEOUT",
      "/d10/redirect-loop.xml": "TOO_MANY_REDIRECTS",
      "/d10/redirect-to-metadata.xml": "BLOCKED_ADDRESS",
      "/d10/rate-limited.xml": "RATE_LIMITED",
    };
    for (const [path, code] of Object.entries(expectedCodes)) {
      const feed = byPath.get(path)!;
      assert.equal(feed.health.lastErrorCode, code, path);
      assert.ok(feed.health.lastError?.includes(feed.url), `${path}: the message names the feed URL`);
      assert.equal(feed.health.consecutiveFailures, 1, path);
      assert.ok(feed.nextFetchAt > now, `${path}: polled again later, not never`);
    }
    const limited = byPath.get("/d10/rate-limited.xml")!;
    assert.equal(limited.nextFetchReason.basis, "hint", "Retry-After (2 min) beats the first backoff step (1 min)");
    assert.ok(limited.nextFetchAt.getTime() - limited.health.lastFetchAt!.getTime() >= 110_000);
    assert.equal(byPath.get("/d10/malformed.xml")!.nextFetchReason.basis, "backoff");
    const laughs = await articlesCollection(t.db).findOne({
      sourceKeys: `${byPath.get("/d10/billion-laughs.xml")!._id.toHexString()}:lol`,
    });
    assert.ok(laughs && laughs.title.length < 1_000, "entities are not expanded");
    assert.equal(await articlesCollection(t.db).countDocuments({ title: { $in: ["__proto__", "constructor"] } }), 2);
    assert.equal(Object.getPrototypeOf({}), Object.prototype);
  });

  it("D3: a late run catches up every due feed exactly once, and the next run at the same time finds none", async () => {
    const now = new Date("2026-05-01T00:00:00Z");
    const paths = [0, 1, 2].map((i) => `/d3/feed-${i}.xml`);
    paths.forEach((path, i) => server.route(path, { body: rss(items(`d3-${i}`, 2, now)) }));
    await addFeeds(
      t.db,
      paths.map((path) => ({ url: server.url(path), title: path, siteUrl: null, tags: ["d3"] })),
      {
        normalizeUrl,
        now,
      },
    );
    // Due 3 h, 2 h and 1 h ago: ticks were missed while the process was down.
    for (const [i, path] of paths.entries()) {
      await feedsCollection(t.db).updateOne(
        { url: server.url(path) },
        { $set: { nextFetchAt: new Date(now.getTime() - (3 - i) * 60 * MINUTE) } },
      );
    }
    // Not due yet: left alone.
    server.route("/d3/later.xml", { body: rss(items("d3-later", 1, now)) });
    await addFeeds(t.db, [{ url: server.url("/d3/later.xml"), title: "later", siteUrl: null, tags: ["d3"] }], {
      normalizeUrl,
      now: new Date(now.getTime() + 5 * MINUTE),
    });
    const deps = createTestDeps(t.db, [server.allowEntry]);
    const first = await refreshDueFeeds(deps, now, { concurrency: 2 });
    const second = await refreshDueFeeds(deps, now, { concurrency: 2 });
    assert.deepEqual(
      paths.map((path) => server.requests(path)),
      [1, 1, 1],
    );
    assert.equal(server.requests("/d3/later.xml"), 0);
    assert.equal(first.ok, 3);
    assert.equal(second.feeds, 0);
  });
});
