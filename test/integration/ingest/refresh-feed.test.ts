import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";

import { normalizeFeedUrl as normalizeUrl } from "../../../src/feeds/normalize/url.js";
import { addFeeds } from "../../../src/ingest/add-feeds.js";
import type { ArticlesChanged } from "../../../src/ingest/ingest-deps.js";
import { refreshFeed } from "../../../src/ingest/refresh-feed.js";
import { articlesCollection, writeArticles } from "../../../src/store/articles.js";
import { acquireFeedLease, areLatestLeases } from "../../../src/store/feed-leases.js";
import { feedsCollection, findFeed } from "../../../src/store/feeds.js";
import { ensureIndexes } from "../../../src/store/indexes.js";
import { type FeedServer, startFeedServer } from "../../helpers/feed-server.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";
import { createTestDeps, inlineParser, items, MINUTE, recordWrites, rss } from "./ingest-harness.js";

const t0 = new Date("2026-03-01T12:00:00Z");
const later = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);

describe("refreshFeed", () => {
  let t: TestDatabase;
  let server: FeedServer;
  let writes: ReturnType<typeof recordWrites>;
  let path = "";
  let feedId = "";
  const parses = { count: 0 };
  const countingParser = {
    ...inlineParser,
    parseAndNormalize: (...args: Parameters<typeof inlineParser.parseAndNormalize>) => (
      parses.count++,
      inlineParser.parseAndNormalize(...args)
    ),
  };
  const deps = () => createTestDeps(t.db, [server.allowEntry], { parser: countingParser });

  before(async () => {
    t = await openTestDatabase("refresh_feed", { monitorCommands: true });
    await ensureIndexes(t.db);
    server = await startFeedServer();
    writes = recordWrites(t.client);
  });
  after(async () => {
    writes.stop();
    await server.close();
    await t.drop();
  });

  let counter = 0;
  beforeEach(async () => {
    counter += 1;
    path = `/feed-${counter}.xml`;
    await addFeeds(t.db, [{ url: server.url(path), title: `Feed ${counter}`, siteUrl: null, tags: [] }], {
      normalizeUrl,
      now: t0,
    });
    feedId = (await feedsCollection(t.db).findOne({ url: server.url(path) }))!._id.toHexString();
    parses.count = 0;
  });

  const articlesOf = (id: string) =>
    articlesCollection(t.db)
      .find({ sourceKeys: { $regex: `^${id}:` } })
      .sort({ dedupeKey: 1 })
      .toArray();

  it("stores the items, then a 304 writes no article and advances nothing but health", async () => {
    server.route(path, { body: rss(items("a", 3, t0), { ttl: 90 }), etag: '"v1"' });
    const first = await refreshFeed(deps(), feedId, t0);
    assert.equal(first.outcome, "ok");
    assert.equal(first.itemsNew, 3);
    assert.equal((await articlesOf(feedId)).length, 3);
    const stored = await feedsCollection(t.db).findOne({ url: server.url(path) });
    assert.equal(stored?.etag, '"v1"');
    assert.equal(stored?.health.lastStatus, 200);
    assert.equal(stored?.nextFetchReason.basis, "hint");
    assert.equal(
      stored.nextFetchAt.getTime() - stored.health.lastFetchAt!.getTime(),
      90 * MINUTE,
      "RSS ttl 90 min beats the adaptive interval",
    );

    writes.reset();
    parses.count = 0;
    const second = await refreshFeed(deps(), feedId, later(100));
    assert.equal(second.outcome, "not-modified");
    assert.equal(server.lastRequestHeaders(path)?.["if-none-match"], '"v1"');
    assert.equal(parses.count, 0);
    assert.deepEqual(writes.writes("articles"), []);
    assert.deepEqual(
      writes.writes(),
      [
        { command: "insert", collection: "feed_leases" },
        { command: "update", collection: "feeds" },
      ],
      "the lease, then one fenced update recording health and history",
    );
    const feed = await findFeed(t.db, feedId);
    assert.equal(feed?.health.lastOutcome, "not-modified");
    assert.equal(feed?.recentFetches.length, 2);
  });

  it("an identical body without validators is not parsed and writes no article", async () => {
    const body = rss(items("b", 2, t0));
    server.route(path, { body });
    assert.equal((await refreshFeed(deps(), feedId, t0)).outcome, "ok");
    writes.reset();
    parses.count = 0;
    const again = await refreshFeed(deps(), feedId, later(61));
    assert.equal(again.outcome, "unchanged");
    assert.equal(parses.count, 0);
    assert.deepEqual(writes.writes("articles"), []);
  });

  it("re-ingesting a changed body with the same items writes no article (idempotent)", async () => {
    server.route(path, { body: rss(items("c", 4, t0)) });
    await refreshFeed(deps(), feedId, t0);
    server.route(path, {
      body: rss(items("c", 4, t0), { extra: "<lastBuildDate>Sun, 01 Mar 2026 13:00:00 GMT</lastBuildDate>" }),
    });
    writes.reset();
    const again = await refreshFeed(deps(), feedId, later(61));
    assert.deepEqual([again.outcome, again.itemsNew, again.itemsUpdated], ["ok", 0, 0]);
    assert.deepEqual(writes.writes("articles"), []);
    assert.equal((await articlesOf(feedId)).length, 4);
  });

  it("an edited item is updated in place; a new one is added in the same single bulkWrite", async () => {
    const original = items("d", 3, t0);
    server.route(path, { body: rss(original) });
    await refreshFeed(deps(), feedId, t0);
    const before = await articlesOf(feedId);
    const edited = [
      { ...original[0]!, title: "d story 0 (corrected)" },
      ...original.slice(1),
      ...items("d-new", 1, t0),
    ];
    server.route(path, { body: rss(edited) });
    writes.reset();
    const run = await refreshFeed(deps(), feedId, later(61));
    assert.deepEqual([run.itemsNew, run.itemsUpdated], [1, 1]);
    // One bulkWrite call; the driver sends one command per kind of operation.
    assert.deepEqual(writes.writes("articles"), [
      { command: "insert", collection: "articles" },
      { command: "update", collection: "articles" },
    ]);
    const after = await articlesOf(feedId);
    assert.equal(after.length, 4);
    const corrected = after.find((article) => article.title === "d story 0 (corrected)");
    assert.ok(corrected, "the edited title is stored");
    assert.equal(
      corrected._id.toHexString(),
      before.find((a) => a.dedupeKey === corrected.dedupeKey)?._id.toHexString(),
    );
    assert.ok(corrected.firstSeenAt < later(61) && corrected.changedAt >= later(61), "first seen kept, change dated");
  });

  it("an item removed from the feed and published again is not duplicated", async () => {
    const all = items("e", 3, t0);
    server.route(path, { body: rss(all) });
    await refreshFeed(deps(), feedId, t0);
    server.route(path, { body: rss(all.slice(1)) });
    await refreshFeed(deps(), feedId, later(61));
    server.route(path, { body: rss(all) });
    const back = await refreshFeed(deps(), feedId, later(122));
    assert.deepEqual([back.outcome, back.itemsNew, back.itemsUpdated], ["ok", 0, 0]);
    assert.equal((await articlesOf(feedId)).length, 3);
  });

  it("the same story in two feeds is one article listing both feeds", async () => {
    const otherPath = `${path}.other`;
    await addFeeds(t.db, [{ url: server.url(otherPath), title: "Other", siteUrl: null, tags: [] }], {
      normalizeUrl,
      now: t0,
    });
    const otherId = (await feedsCollection(t.db).findOne({ url: server.url(otherPath) }))!._id.toHexString();
    const shared = { guid: "guid-in-feed-one", title: "Shared", link: "https://news.example/shared-story", date: t0 };
    server.route(path, { body: rss([shared]) });
    server.route(otherPath, { body: rss([{ ...shared, guid: "another-guid", title: "Shared (syndicated)" }]) });
    const changes: ArticlesChanged[] = [];
    const withEvents = { ...deps(), onArticlesChanged: (change: ArticlesChanged) => void changes.push(change) };
    await refreshFeed(withEvents, feedId, t0);
    const second = await refreshFeed(withEvents, otherId, t0);
    assert.equal(second.itemsNew, 1);
    const stored = await articlesCollection(t.db).find({ canonicalUrl: "https://news.example/shared-story" }).toArray();
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0]!.feedIds.map(String).sort(), [feedId, otherId].sort());
    assert.deepEqual(stored[0]!.sources.map((source) => source.itemKey).sort(), ["another-guid", "guid-in-feed-one"]);
    assert.equal(stored[0]!.title, "Shared", "the first feed's version is kept");
    assert.deepEqual(
      changes.map((change) => [change.insertedIds.length, change.updatedIds.length]),
      [
        [1, 0],
        [0, 1],
      ],
    );
  });

  it("B8: when the article write fails, validators and body hash stay; the next request is unconditional and stores each item once", async () => {
    server.route(path, { body: rss(items("f", 3, t0)), etag: '"f1"' });
    const failing = createTestDeps(t.db, [server.allowEntry], {
      writeArticles: async () => {
        throw new Error("injected: connection reset during bulkWrite");
      },
    });
    const failed = await refreshFeed(failing, feedId, t0);
    assert.equal(failed.outcome, "failed");
    assert.equal(failed.errorCode, "STORE_FAILED");
    assert.match(failed.message ?? "", new RegExp(server.url(path).replace(/[.?]/g, "\\$&")));
    const afterFailure = await feedsCollection(t.db).findOne({ url: server.url(path) });
    assert.deepEqual([afterFailure?.etag, afterFailure?.bodyHash], [null, null]);
    assert.equal(afterFailure?.health.consecutiveFailures, 1);
    assert.equal(afterFailure?.nextFetchReason.basis, "backoff");
    assert.equal((await articlesOf(feedId)).length, 0);

    const retried = await refreshFeed(deps(), feedId, later(2));
    assert.equal(server.lastRequestHeaders(path)?.["if-none-match"], undefined, "unconditional");
    assert.deepEqual([retried.outcome, retried.itemsNew], ["ok", 3]);
    assert.equal((await articlesOf(feedId)).length, 3);
    const recovered = await feedsCollection(t.db).findOne({ url: server.url(path) });
    assert.equal(recovered?.etag, '"f1"');
    assert.equal(recovered?.health.consecutiveFailures, 0);
  });

  it("B8: a crash after the article write but before the feed record re-fetches unconditionally and stores each item once", async () => {
    server.route(path, { body: rss(items("h", 3, t0)), etag: '"h1"' });
    const crashAfterWrite = createTestDeps(t.db, [server.allowEntry], {
      writeArticles: async (db, writes) => {
        await writeArticles(db, writes);
        throw new Error("injected: process died after the bulkWrite was acknowledged");
      },
    });
    assert.equal((await refreshFeed(crashAfterWrite, feedId, t0)).outcome, "failed");
    assert.equal((await articlesOf(feedId)).length, 3, "the items were written");
    assert.equal((await feedsCollection(t.db).findOne({ url: server.url(path) }))?.etag, null);

    const next = await refreshFeed(deps(), feedId, later(2));
    assert.equal(server.lastRequestHeaders(path)?.["if-none-match"], undefined, "unconditional");
    assert.equal(next.outcome, "ok");
    assert.equal((await articlesOf(feedId)).length, 3, "each item stored once");
    assert.equal((await feedsCollection(t.db).findOne({ url: server.url(path) }))?.etag, '"h1"');
  });

  it("two items of one body with the same canonical URL are one article with two sources", async () => {
    const link = `https://news.example/same-link-${counter}`;
    server.route(path, {
      body: rss([
        { guid: "first-guid", title: "Same story", link, date: t0 },
        { guid: "second-guid", title: "Same story, again", link, date: t0 },
      ]),
    });
    const run = await refreshFeed(deps(), feedId, t0);
    assert.deepEqual([run.outcome, run.itemsNew], ["ok", 2]);
    const stored = await articlesCollection(t.db).find({ canonicalUrl: link }).toArray();
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0]!.sources.map((source) => source.itemKey).sort(), ["first-guid", "second-guid"]);
  });

  it("an edit of 120 items at once is written in chunks (FerretDB deadlocks on 100 updates in one command)", async () => {
    const many = items("k", 120, t0);
    server.route(path, { body: rss(many) });
    assert.equal((await refreshFeed(deps(), feedId, t0)).itemsNew, 120);
    server.route(path, { body: rss(many.map((item) => ({ ...item, title: `${item.title} (edited)` }))) });
    writes.reset();
    const edited = await refreshFeed(deps(), feedId, later(61));
    assert.deepEqual([edited.outcome, edited.itemsUpdated], ["ok", 120]);
    assert.equal(writes.writes("articles").length, 3, "updates in chunks of 50");
    assert.equal((await articlesOf(feedId)).filter((article) => article.title.endsWith("(edited)")).length, 120);
  });

  it("follows a permanent redirect to its new URL, unless another feed is registered there", async () => {
    const moved = `${path.replace(".xml", "")}-moved.xml`;
    server.route(path, { status: 301, redirectTo: moved });
    server.route(moved, { body: rss(items("m", 2, t0)) });
    const first = await refreshFeed(deps(), feedId, t0);
    assert.equal(first.outcome, "ok");
    assert.equal(first.movedTo, server.url(moved));
    assert.equal((await findFeed(t.db, feedId))?.url, server.url(moved), "the stored URL follows the 301");
    const beforeNext = server.requests(path);
    await refreshFeed(deps(), feedId, later(120));
    assert.equal(server.requests(path), beforeNext, "the next run asks the new URL directly");

    // A temporary redirect (302) moves nothing.
    const temporary = `${path.replace(".xml", "")}-temporary.xml`;
    server.route(moved, { status: 302, redirectTo: temporary });
    server.route(temporary, { body: rss(items("m", 2, t0)) });
    const third = await refreshFeed(deps(), feedId, later(240));
    assert.equal(third.movedTo, undefined);
    assert.equal((await findFeed(t.db, feedId))?.url, server.url(moved));

    // A 308 to a URL another registered feed has: both feeds stay as they are.
    const taken = `${path.replace(".xml", "")}-taken.xml`;
    await addFeeds(t.db, [{ url: server.url(taken), title: "", siteUrl: null, tags: [] }], { normalizeUrl, now: t0 });
    server.route(moved, { status: 308, redirectTo: taken });
    server.route(taken, { body: rss(items("m", 2, t0)) });
    const fourth = await refreshFeed(deps(), feedId, later(360));
    assert.equal(fourth.outcome, "unchanged", "same body at the new address");
    assert.equal(fourth.movedTo, undefined);
    assert.equal((await findFeed(t.db, feedId))?.url, server.url(moved), "the URL is kept");
  });

  it("refuses to run a feed another process holds, and reports an unknown feed", async () => {
    server.route(path, { body: rss(items("g", 1, t0)) });
    const feed = await feedsCollection(t.db).findOne({ url: server.url(path) });
    const slot = { feedId: feed!._id, dueAt: feed!.nextFetchAt };
    const other = await acquireFeedLease(t.db, slot, { owner: "another process", now: t0, leaseMs: 5 * MINUTE });
    assert.equal(other?.attempt, 0);
    const held = await refreshFeed(deps(), feedId, t0);
    assert.deepEqual([held.outcome, held.errorCode], ["skipped", "LEASE_HELD"]);
    assert.equal(server.requests(path), 0);
    const expired = await refreshFeed(deps(), feedId, later(6));
    assert.equal(expired.outcome, "ok", "an expired lease is taken over");
    assert.deepEqual(await areLatestLeases(t.db, [other]), [false], "a taken-over lease fences no record");
    const unknown = await refreshFeed(deps(), "0123456789abcdef01234567", t0);
    assert.deepEqual([unknown.outcome, unknown.errorCode], ["skipped", "FEED_NOT_FOUND"]);
  });
});
