/**
 * RELIABILITY.md D7: the database goes away in the middle of an ingest run, or of a GraphQL
 * request. A TCP proxy (test/helpers/tcp-proxy.ts) sits between the driver and the run's real
 * FerretDB and cuts, stalls or refuses connections at chosen commands (the driver's command
 * monitoring says when an article write starts). The set-up and the assertions read the database
 * directly, never through the proxy.
 *
 * What must hold whatever the fault: the run ends with a failure naming the feed (no hang, no
 * throw); the feed's validators (etag, lastModified, bodyHash) and its item index stay where
 * they were, so the next run fetches and stores the body again; after recovery every item is
 * stored exactly once; the API answers a masked error within the server-selection deadline;
 * nothing ends as an unhandledRejection.
 *
 * A driver hazard found here (mongodb 7.9.0, not ours): when every connection of a client dies
 * in the same instant, the monitor can issue its check on a socket that is destroyed but not yet
 * reported closed; `socket.write` returns false, the driver awaits a 'drain' that never comes,
 * and the monitor never checks again: every later operation fails server selection, forever.
 * The cuts below therefore target the connection carrying the operation (cutHolding) and close
 * connections one by one (down); see test/helpers/tcp-proxy.ts.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";

import { type CommandStartedEvent, type Db, MongoClient, type MongoClientOptions, ObjectId } from "mongodb";
import request from "supertest";

import { normalizeFeedUrl } from "../../../src/feeds/normalize/url.js";
import { addFeeds } from "../../../src/ingest/add-feeds.js";
import type { IngestDeps } from "../../../src/ingest/ingest-deps.js";
import { refreshDueFeeds } from "../../../src/ingest/refresh-due-feeds.js";
import { refreshFeed } from "../../../src/ingest/refresh-feed.js";
import { articlesCollection } from "../../../src/store/articles.js";
import { feedItemsCollection } from "../../../src/store/feed-items.js";
import { feedsCollection } from "../../../src/store/feeds.js";
import { ensureIndexes } from "../../../src/store/indexes.js";
import { startTestApp } from "../../helpers/app.js";
import { type FeedServer, startFeedServer } from "../../helpers/feed-server.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";
import { startTcpProxy, type TcpProxy } from "../../helpers/tcp-proxy.js";
import { createTestDeps, items, MINUTE, rss, type TestItem } from "../ingest/ingest-harness.js";

const t0 = new Date("2026-03-01T12:00:00Z");
const later = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);
/** More than two commands' worth of article updates (src/store/articles.ts: 50 per command). */
const ITEMS = 120;
const SERVER_SELECTION_MS = 2_000;
/** "It answered, it did not hang": far above every deadline involved, not a performance bound. */
const ENDS_WITHIN_MS = 60_000;

/** The service's client settings (src/store/connect.ts), with a 2 s deadline and monitoring on. */
const serviceLike: MongoClientOptions = {
  appName: "hng-fault-tests",
  serverSelectionTimeoutMS: SERVER_SELECTION_MS,
  connectTimeoutMS: SERVER_SELECTION_MS,
  retryWrites: false,
  monitorCommands: true,
  // No routine heartbeat during a test: the monitor's connection carries nothing while a
  // request or answer is held, so cutHolding() cuts exactly the operation's connection. (After
  // an error the driver still re-checks at once, every 500 ms at most.)
  heartbeatFrequencyMS: 60_000,
};

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("D7: the database goes away mid-run (TCP proxy between the driver and FerretDB)", () => {
  let t: TestDatabase;
  let proxy: TcpProxy;
  let server: FeedServer;
  const clients: MongoClient[] = [];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => void rejections.push(reason);
  /** Called with every command a proxied client starts, synchronously, before it is sent. */
  let onCommand: ((event: CommandStartedEvent) => void) | null = null;

  /** A client through the proxy on the test database; `extra` adds socket/connect timeouts. */
  async function proxiedDb(extra: MongoClientOptions = {}): Promise<Db> {
    const client = new MongoClient(proxy.uri, { ...serviceLike, ...extra });
    client.on("commandStarted", (event: CommandStartedEvent) => onCommand?.(event));
    clients.push(client);
    await client.connect();
    return client.db(t.name);
  }

  /** Runs `action` once, at the `nth` article write command of kind `name` (insert, update). */
  function atArticleWrite(name: "insert" | "update", nth: number, action: () => void): void {
    let seen = 0;
    onCommand = (event) => {
      if (event.commandName !== name || event.command[name] !== "articles" || event.databaseName !== t.name) return;
      seen += 1;
      if (seen !== nth) return;
      onCommand = null;
      action();
    };
  }

  const deps = (db: Db): IngestDeps => createTestDeps(db, [server.allowEntry]);

  /**
   * "After recovery": the proxy forwards again, and the driver has found the server again (its
   * monitor reconnects on its own schedule, slower on a loaded machine), so the rerun is about
   * the data, not about the driver's reconnect.
   */
  async function recovered(db: Db): Promise<void> {
    await until("the driver reaches the server through the proxy again", () =>
      db.command({ ping: 1 }).then(
        () => true,
        () => false,
      ),
    );
  }

  async function addFeed(path: string, body: TestItem[], etag: string, nextFetchAt = t0): Promise<string> {
    server.route(path, { body: rss(body), etag });
    await addFeeds(t.db, [{ url: server.url(path), title: path, siteUrl: null, tags: [] }], {
      normalizeUrl: normalizeFeedUrl,
      now: nextFetchAt,
    });
    return (await feedsCollection(t.db).findOne({ url: server.url(path) }))!._id.toHexString();
  }

  /** What a run must not advance unless its items are stored: validators, item index, and the slot. */
  async function cursorOf(feedId: string) {
    const _id = ObjectId.createFromHexString(feedId);
    const feed = await feedsCollection(t.db).findOne({ _id });
    const index = await feedItemsCollection(t.db).findOne({ _id });
    return {
      etag: feed?.etag,
      lastModified: feed?.lastModified,
      bodyHash: feed?.bodyHash,
      itemIndex: index?.entries ?? null,
    };
  }

  const articlesOf = (feedId: string) =>
    articlesCollection(t.db)
      .find({ sourceKeys: { $regex: `^${feedId}:` } })
      .toArray();

  /** Every item of the feed stored exactly once. */
  async function assertStoredOnce(feedId: string, prefix: string, titleSuffix = "") {
    const stored = await articlesOf(feedId);
    assert.equal(stored.length, ITEMS, "one article per item");
    assert.equal(new Set(stored.map((article) => article.dedupeKey)).size, ITEMS, "no duplicates");
    const all = await articlesCollection(t.db).countDocuments({ canonicalUrl: { $regex: `/${prefix}/` } });
    assert.equal(all, ITEMS, "no article outside the feed's own");
    assert.deepEqual(
      stored.filter((article) => !article.title.endsWith(titleSuffix)).map((article) => article.title),
      [],
      "every article has the latest content",
    );
  }

  before(async () => {
    process.on("unhandledRejection", onRejection);
    t = await openTestDatabase("d7_faults");
    await ensureIndexes(t.db);
    proxy = await startTcpProxy(t.uri);
    server = await startFeedServer();
  });
  afterEach(() => {
    onCommand = null;
    proxy.up();
    assert.deepEqual(rejections, [], "no unhandledRejection");
  });
  after(async () => {
    for (const client of clients) await client.close(true);
    await proxy.close();
    await server.close();
    await t.drop();
    process.off("unhandledRejection", onRejection);
  });

  it("D7: cut after the server applied the article insert (ack lost): the run fails, validators stay, a rerun stores each item once", async () => {
    const db = await proxiedDb();
    const path = "/d7/ack-lost.xml";
    const feedId = await addFeed(path, items("d7ack", ITEMS, t0), '"v1"');
    const before = await cursorOf(feedId);
    // The insert reaches FerretDB, its answer is held in the proxy; once the articles are there,
    // every connection is cut: the driver never learns that the write was applied.
    atArticleWrite("insert", 1, () => proxy.pause("toClient"));
    const running = refreshFeed(deps(db), feedId, t0);
    await until(
      "the server applied the insert and its answer is held",
      async () => (await articlesOf(feedId)).length === ITEMS && proxy.holdingConnections > 0,
    );
    proxy.cutHolding();
    proxy.resume();
    const summary = await running;

    assert.equal(summary.outcome, "failed");
    assert.equal(summary.errorCode, "STORE_FAILED");
    assert.ok(summary.message?.includes(server.url(path)), `the message names the feed: ${summary.message}`);
    assert.deepEqual(await cursorOf(feedId), before, "validators and item index did not advance");
    // Whether the failed run itself got recorded depends on how soon the driver has a pool again
    // (the record may meet the cleared pool and fail too); either way the summary says STORE_FAILED.

    // The items are all there already; the rerun (after the first lease expired) inserts them
    // again, is refused on the unique keys, re-reads, and stores nothing twice.
    await recovered(db);
    const rerun = await refreshFeed(deps(db), feedId, later(6));
    assert.equal(rerun.outcome, "ok", rerun.message);
    await assertStoredOnce(feedId, "d7ack");
    assert.equal((await cursorOf(feedId)).etag, '"v1"');
  });

  it("D7: cut between the commands of one article bulkWrite (update 2 of 3): validators stay, the rerun finishes it", async () => {
    const db = await proxiedDb();
    const path = "/d7/mid-bulk.xml";
    const v1 = items("d7mid", ITEMS, t0);
    const feedId = await addFeed(path, v1, '"v1"');
    assert.equal((await refreshFeed(deps(db), feedId, t0)).outcome, "ok");
    const before = await cursorOf(feedId);
    assert.equal(before.etag, '"v1"');

    // Every item edited: 120 updates, sent as commands of 50, 50 and 20. The second is held in
    // the proxy (the listener runs before the command is written), then its connection is cut:
    // it never reaches the server.
    server.route(path, { body: rss(v1.map((item) => ({ ...item, title: `${item.title} v2` }))), etag: '"v2"' });
    let held = false;
    atArticleWrite("update", 2, () => {
      proxy.pause("toServer");
      held = true;
    });
    const running = refreshFeed(deps(db), feedId, later(61));
    await until("the second update command is held in the proxy", () => held && proxy.holdingConnections > 0);
    proxy.cutHolding();
    proxy.resume();
    const summary = await running;

    assert.equal(summary.outcome, "failed");
    assert.equal(summary.errorCode, "STORE_FAILED");
    assert.ok(summary.message?.includes(server.url(path)), `the message names the feed: ${summary.message}`);
    const edited = (await articlesOf(feedId)).filter((article) => article.title.endsWith(" v2")).length;
    assert.equal(edited, 50, "only the first command of the bulkWrite was applied");
    assert.deepEqual(await cursorOf(feedId), before, "etag, bodyHash and item index still those of v1");

    // The next run asks with the v1 validators, gets v2, and applies every update.
    await recovered(db);
    const rerun = await refreshFeed(deps(db), feedId, later(200));
    assert.equal(rerun.outcome, "ok", rerun.message);
    assert.equal(server.lastRequestHeaders(path)?.["if-none-match"], '"v1"');
    await assertStoredOnce(feedId, "d7mid", " v2");
    assert.equal((await cursorOf(feedId)).etag, '"v2"');
  });

  it("D7: a 5 s stall during the article insert: past socketTimeoutMS the run fails cleanly; without one it only waits", async () => {
    // A client with a 2 s socket timeout: the insert times out in the middle of the stall.
    const impatient = await proxiedDb({ socketTimeoutMS: 2_000, connectTimeoutMS: 1_000 });
    const path = "/d7/stall.xml";
    const feedId = await addFeed(path, items("d7stall", ITEMS, t0), '"v1"');
    const before = await cursorOf(feedId);
    let stalled: Promise<void> = Promise.resolve();
    atArticleWrite("insert", 1, () => {
      stalled = proxy.stall(5_000);
    });
    const summary = await refreshFeed(deps(impatient), feedId, t0);
    assert.equal(summary.outcome, "failed");
    assert.equal(summary.errorCode, "STORE_FAILED");
    assert.ok(summary.message?.includes(server.url(path)), `the message names the feed: ${summary.message}`);
    assert.match(summary.message ?? "", /timed out/i);
    await stalled;
    assert.deepEqual(await cursorOf(feedId), before, "validators and item index did not advance");
    await recovered(impatient);
    const rerun = await refreshFeed(deps(impatient), feedId, later(6));
    assert.equal(rerun.outcome, "ok", rerun.message);
    await assertStoredOnce(feedId, "d7stall");

    // The service's own client has no socket timeout: the same stall only delays the run.
    const patient = await proxiedDb();
    const path2 = "/d7/stall-patient.xml";
    const feedId2 = await addFeed(path2, items("d7wait", ITEMS, t0), '"v1"');
    atArticleWrite("insert", 1, () => {
      stalled = proxy.stall(5_000);
    });
    const waited = await refreshFeed(deps(patient), feedId2, t0);
    await stalled;
    assert.deepEqual([waited.outcome, waited.itemsNew], ["ok", ITEMS], waited.message);
    await assertStoredOnce(feedId2, "d7wait");
  });

  it("D7: down longer than serverSelectionTimeoutMS in a scheduled run: it stops early with a clear error, nothing advances", async () => {
    const db = await proxiedDb();
    const paths = ["/d7/down-0.xml", "/d7/down-1.xml", "/d7/down-2.xml"];
    const feedIds: string[] = [];
    for (const [i, path] of paths.entries()) {
      feedIds.push(await addFeed(path, items(`d7down${i}`, ITEMS, t0), `"v1-${i}"`, later(-10 + i)));
    }
    const before = await Promise.all(feedIds.map(cursorOf));
    const slots = await feedsCollection(t.db)
      .find({ url: { $in: paths.map((path) => server.url(path)) } })
      .sort({ url: 1 })
      .toArray();

    let downed = Promise.resolve();
    atArticleWrite("insert", 1, () => {
      downed = proxy.down();
    });
    const started = performance.now();
    const run = await refreshDueFeeds(deps(db), t0, { concurrency: 1 });
    const tookMs = performance.now() - started;
    await downed;

    // The first feed's article insert fails, so does its record, then claiming the next feed
    // fails and the run stops: one clear reason, and the feed that failed. The driver reports
    // either the reset connection (an operation that got a server and tried to connect) or
    // the server selection timeout (one that waited 2 s for the server to come back).
    assert.ok(tookMs < ENDS_WITHIN_MS, `the run ended (${Math.round(tookMs)} ms)`);
    assert.match(
      run.stoppedEarly ?? "",
      /^cannot claim due feeds: .*(Server selection timed out after 2000 ms|ECONNRESET)/,
    );
    assert.equal(run.results.length, 1);
    const [first] = run.results;
    assert.equal(first?.outcome, "failed");
    assert.equal(first?.errorCode, "STORE_FAILED");
    assert.ok(first?.message?.includes(server.url(paths[0]!)), `the message names the feed: ${first?.message}`);
    assert.deepEqual(await Promise.all(feedIds.map(cursorOf)), before, "no validator or item index advanced");
    const after = await feedsCollection(t.db)
      .find({ url: { $in: paths.map((path) => server.url(path)) } })
      .sort({ url: 1 })
      .toArray();
    assert.deepEqual(
      after.map((feed) => [feed.url, feed.nextFetchAt, feed.health.lastOutcome]),
      slots.map((feed) => [feed.url, feed.nextFetchAt, feed.health.lastOutcome]),
      "no feed was recorded: every one is still due in the same slot",
    );

    proxy.up();
    // After the first run's leases expired (5 min): every feed is stored, each item once.
    await recovered(db);
    const rerun = await refreshDueFeeds(deps(db), later(6), { concurrency: 1 });
    assert.equal(rerun.stoppedEarly, null);
    // (Feeds of the earlier tests whose failed run was not recorded are due too.)
    const urls = paths.map((path) => server.url(path));
    assert.deepEqual(
      rerun.results.filter((result) => urls.includes(result.url)).map((result) => [result.url, result.outcome]),
      urls.map((url) => [url, "ok"]),
    );
    for (const [i, feedId] of feedIds.entries()) await assertStoredOnce(feedId, `d7down${i}`);
  });

  it("D7: GraphQL while the database is down: a masked error within the deadline, then it recovers; a 5 s stall only delays", async () => {
    const apiProxy = await startTcpProxy(t.uri);
    // MONGODB_TIMEOUT_MS is 2000 in startTestApp: server selection gives up after 2 s.
    const app = await startTestApp({ uri: apiProxy.uri, dbName: t.name });
    const query = "{ articles(first: 1) { edges { node { id } } } }";
    try {
      const up = await request(app.url).post("/graphql").send({ query }).expect(200);
      assert.equal((up.body as { errors?: unknown }).errors, undefined, up.text);

      await apiProxy.down();
      const started = performance.now();
      const down = await request(app.url).post("/graphql").timeout(ENDS_WITHIN_MS).send({ query }).expect(200);
      const tookMs = performance.now() - started;
      assert.ok(tookMs < ENDS_WITHIN_MS, `answered (${Math.round(tookMs)} ms)`);
      const body = down.body as { data: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
      assert.equal(body.data, null);
      assert.deepEqual(
        body.errors?.map((error) => [error.message, error.extensions?.code]),
        [["Internal server error", "INTERNAL_SERVER_ERROR"]],
      );
      for (const leak of ["Mongo", "Server selection", "127.0.0.1", String(apiProxy.port), "stack", "    at "]) {
        assert.ok(!down.text.includes(leak), `the response leaks ${JSON.stringify(leak)}: ${down.text}`);
      }

      // The process is alive and says why it is unhappy.
      const health = await request(app.url)
        .post("/graphql")
        .timeout(ENDS_WITHIN_MS)
        .send({ query: "{ health { status database } }" })
        .expect(200);
      assert.deepEqual((health.body as { data: unknown }).data, { health: { status: "DEGRADED", database: "DOWN" } });

      apiProxy.up();
      await until("the API reads the database again", async () => {
        const again = await request(app.url).post("/graphql").send({ query });
        return again.status === 200 && (again.body as { errors?: unknown }).errors === undefined;
      });

      // A 5 s stall: connections stay open and nothing moves. The service's client has no
      // socket or operation timeout (src/store/connect.ts), so the query waits for the stall to
      // end and then answers; with one shorter than the stall it would be a masked error. Either
      // is a clean answer; what must not happen is a hang past the stall or a crash.
      const stalled = apiProxy.stall(5_000);
      const during = await request(app.url).post("/graphql").timeout(ENDS_WITHIN_MS).send({ query }).expect(200);
      await stalled;
      const duringBody = during.body as { errors?: { message: string; extensions?: { code?: string } }[] };
      for (const error of duringBody.errors ?? []) {
        assert.deepEqual([error.message, error.extensions?.code], ["Internal server error", "INTERNAL_SERVER_ERROR"]);
      }
      const alive = await request(app.url).post("/graphql").send({ query: "{ health { status } }" }).expect(200);
      assert.deepEqual((alive.body as { data: unknown }).data, { health: { status: "OK" } });
    } finally {
      apiProxy.up();
      await app.stop();
      await apiProxy.close();
    }
  });
});
