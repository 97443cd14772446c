import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { MongoClient } from "mongodb";

import { EventBus, ResumeError } from "../../../src/events/event-bus.js";
import type { Publication } from "../../../src/events/topics.js";
import { EVENT_BUS, type EventBusDoc, openEventBusLog, positionKey } from "../../../src/store/event-bus.js";
import { serverCapabilities } from "../../../src/store/server-capabilities.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";
import { iteratorError, take } from "./live-support.js";

const FEED = "aaaaaaaaaaaaaaaaaaaaaaaa";
const article = (n: number, slug = "xen"): Extract<Publication, { topic: "ArticleAdded" }> => ({
  topic: "ArticleAdded",
  payload: {
    articleId: n.toString(16).padStart(24, "0"),
    feedIds: [FEED],
    publishedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, n)).toISOString(),
    links: [{ kind: "HYPERVISOR", slug, confidence: 0.9, rejected: false }],
  },
});

/** A bus of its own client on the test database: what a second instance would have. */
async function openBus(uri: string, dbName: string, retention = 1_000) {
  const client = await new MongoClient(uri, { retryWrites: false }).connect();
  const bus = new EventBus(await openEventBusLog(client.db(dbName), { retention }), { pollIntervalMs: 20, retention });
  await bus.start();
  const close = async () => {
    await bus.stop();
    await client.close();
  };
  return { bus, close };
}

describe("event bus on the database (D8)", () => {
  let t: TestDatabase;
  const closers: (() => Promise<void>)[] = [];
  before(async () => {
    t = await openTestDatabase("bus");
  });
  after(async () => {
    for (const close of closers.reverse()) await close();
    await t.drop();
  });

  it("tails a capped log where the server has capped collections, and polls an ordinary one elsewhere (DocumentDB)", async () => {
    const a = await openBus(t.uri, t.name);
    closers.push(a.close);
    const { cappedCollections } = await serverCapabilities(t.db);
    assert.equal(a.bus.readMode, cappedCollections ? "tail" : "poll");
    const options = await t.db.listCollections({ name: EVENT_BUS }).toArray();
    assert.equal((options[0] as { options?: { capped?: boolean } }).options?.capped === true, cappedCollections);
  });

  it("delivers an event published on instance A to a subscriber on instance B", async () => {
    const a = await openBus(t.uri, t.name);
    const b = await openBus(t.uri, t.name);
    closers.push(a.close, b.close);
    const onB = b.bus.subscribe("ArticleAdded");
    const [id] = await a.bus.publish([article(1)]);
    const [event] = await take(onB, 1);
    assert.equal(event?.id, id);
    assert.equal(event?.payload.articleId, article(1).payload.articleId);
    await onB.return();
    assert.equal(b.bus.subscriberCount, 0);
  });

  it("gives dense, unique positions to concurrent publishers, and every subscriber sees each event once, in order", async () => {
    const a = await openBus(t.uri, t.name);
    const b = await openBus(t.uri, t.name);
    closers.push(a.close, b.close);
    const watchers = [a.bus.subscribe("ArticleAdded"), b.bus.subscribe("ArticleAdded")];
    const ids = (
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? a : b).bus.publish([article(100 + 2 * i), article(101 + 2 * i)]),
        ),
      )
    ).flat();
    const seqs = ids.map(Number).sort((x, y) => x - y);
    assert.equal(new Set(seqs).size, 20);
    assert.equal((seqs.at(-1) ?? 0) - (seqs[0] ?? 0), 19, "dense positions");
    for (const watcher of watchers) {
      const seen = (await take(watcher, 20)).map((event) => event.seq);
      assert.deepEqual(seen, seqs);
      await watcher.return();
    }
  });

  it("keeps big concurrent batches whole: one append each, no interleaving, no retry storm", async () => {
    const a = await openBus(t.uri, t.name);
    const b = await openBus(t.uri, t.name);
    closers.push(a.close, b.close);
    const batch = (base: number) => Array.from({ length: 200 }, (_, i) => article(1_000 + base + i));
    const [fromA, fromB] = await Promise.all([a.bus.publish(batch(0)), b.bus.publish(batch(200))]);
    for (const ids of [fromA, fromB]) {
      const seqs = ids.map(Number);
      assert.equal(seqs.length, 200);
      assert.equal((seqs.at(-1) ?? 0) - (seqs[0] ?? 0), 199, "one contiguous range per publish");
    }
    const all = [...fromA, ...fromB].map(Number).sort((x, y) => x - y);
    assert.equal(new Set(all).size, 400);
    assert.equal((all.at(-1) ?? 0) - (all[0] ?? 0), 399);
  });

  it("resumes after a position without gaps or duplicates, then continues live", async () => {
    const a = await openBus(t.uri, t.name);
    const b = await openBus(t.uri, t.name);
    closers.push(a.close, b.close);
    const first = b.bus.subscribe("ArticleAdded");
    const published = await a.bus.publish([article(201), article(202), article(203)]);
    const [seen] = await take(first, 1);
    await first.return(); // the client drops after the first event...
    await a.bus.publish([{ topic: "FeedHealthChanged", payload: { feedId: FEED, outcome: "ok", errorCode: null } }]);
    const later = await a.bus.publish([article(204)]);
    // ...and reconnects to the other instance with the last id it saw.
    const resumed = b.bus.subscribe("ArticleAdded", { after: Number(seen?.id) });
    const replayed = await take(resumed, 3);
    assert.deepEqual(
      replayed.map((event) => event.id),
      [...published.slice(1), ...later],
    );
    const live = await a.bus.publish([article(205)]);
    const [next] = await take(resumed, 1);
    assert.equal(next?.id, live[0]);
    await resumed.return();
  });

  it("refuses to resume from an id it never had, and from events no longer retained", async () => {
    const small = await openBus(t.uri, t.name, 10);
    closers.push(small.close);
    const unknown = small.bus.subscribe("ArticleAdded", { after: 10_000_000 });
    const error = await iteratorError(unknown);
    assert.ok(error instanceof ResumeError && error.code === "UNKNOWN_EVENT_ID", String(error));

    const start = small.bus.readPosition;
    const watcher = small.bus.subscribe("ArticleAdded");
    for (let i = 0; i < 30; i++) await small.bus.publish([article(300 + i)]);
    await take(watcher, 30); // the reader has seen them all, and trims right after dispatching
    await watcher.return();
    // The trim follows the dispatch in the same poll: wait for it (boundedly), don't race it.
    for (let poll = 0; poll < 100 && (await t.db.collection(EVENT_BUS).countDocuments()) >= 30; poll++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const expired = small.bus.subscribe("ArticleAdded", { after: start });
    const gap = await iteratorError(expired);
    assert.ok(gap instanceof ResumeError && gap.code === "EVENTS_EXPIRED", String(gap));
    assert.ok((await t.db.collection(EVENT_BUS).countDocuments()) < 30, "the polling reader trimmed the log");
  });

  it("skips a stored event it cannot narrow (unknown topic, bad payload) and goes on", async () => {
    const a = await openBus(t.uri, t.name);
    closers.push(a.close);
    const watcher = a.bus.subscribe("ArticleAdded");
    const next = a.bus.readPosition + 1;
    // A hand-made append of two events another version (or a bug) might write.
    await t.db.collection<EventBusDoc>(EVENT_BUS).insertOne({
      _id: positionKey(next),
      events: [
        { topic: "ArticleAdded", payload: { articleId: "<script>" } },
        { topic: "Nope", payload: {} },
      ],
      publishedAt: new Date(),
    });
    const [id] = await a.bus.publish([article(400)]);
    const [event] = await take(watcher, 1);
    assert.equal(event?.id, id);
    assert.equal(Number(id), next + 2);
    await watcher.return();
  });
});
