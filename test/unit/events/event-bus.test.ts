import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { BusLog, NewEvent, ReadMode, StoredEvent } from "../../../src/events/bus-log.js";
import { SubscriberOverflowError } from "../../../src/events/bus-subscription.js";
import { EventBus } from "../../../src/events/event-bus.js";
import type { Publication } from "../../../src/events/topics.js";
import { take } from "../../integration/live/live-support.js";

const FEED = "aaaaaaaaaaaaaaaaaaaaaaaa";
const health = (n: number): Publication => ({
  topic: "FeedHealthChanged",
  payload: { feedId: FEED, outcome: n % 2 === 0 ? "ok" : "failed", errorCode: null },
});

/**
 * An in-memory log with the BusLog contract (dense positions, append after a hint), whose
 * `tail` behaves like MongoDB's tailable cursor: it yields what is there, waits for more, and
 * ends when told to (as a server may close a cursor). `readAfter` can be held, to interleave a
 * resume with live events deterministically.
 */
class MemoryLog implements BusLog {
  readonly events: StoredEvent[] = [{ seq: 0, topic: "BusCreated", payload: {}, publishedAt: new Date() }];
  private notify: (() => void) | null = null;
  holdReads: Promise<void> | null = null;
  endTailAfter: number | null = null;
  tailsOpened = 0;

  constructor(private readonly mode: ReadMode) {}

  append(events: readonly NewEvent[], hint: number, publishedAt: Date): Promise<number[]> {
    let next = Math.max(hint, this.latest()) + 1;
    const seqs = events.map((event) => {
      this.events.push({ seq: next, topic: event.topic, payload: event.payload, publishedAt });
      return next++;
    });
    this.notify?.();
    return Promise.resolve(seqs);
  }
  async readAfter(seq: number): Promise<StoredEvent[]> {
    const snapshot = this.events.filter((event) => event.seq > seq).slice(0, 5);
    if (this.holdReads) await this.holdReads;
    return snapshot;
  }
  covers(seq: number) {
    return Promise.resolve(this.events.some((event) => event.seq === seq));
  }
  latestSeq() {
    return Promise.resolve(this.latest());
  }
  trimBelow(seq: number) {
    this.events.splice(0, this.events.filter((event) => event.seq < seq).length);
    return Promise.resolve();
  }
  async *tail(seq: number, signal: AbortSignal): AsyncIterable<StoredEvent> {
    this.tailsOpened++;
    let position = seq;
    while (!signal.aborted) {
      const next = this.events.find((event) => event.seq > position);
      if (next) {
        position = next.seq;
        yield next;
        if (this.endTailAfter !== null && position >= this.endTailAfter) {
          this.endTailAfter = null;
          return; // the server let the cursor go: the bus must reopen it from its position
        }
        continue;
      }
      await new Promise<void>((resolve) => {
        this.notify = resolve;
        signal.addEventListener("abort", () => resolve(), { once: true });
      });
    }
  }
  readMode() {
    return this.mode;
  }
  private latest() {
    return this.events.at(-1)?.seq ?? 0;
  }
}

async function started(log: MemoryLog, options: { maxQueue?: number } = {}) {
  const bus = new EventBus(log, { pollIntervalMs: 5, retention: 1_000, ...options });
  await bus.start();
  return bus;
}

describe("event bus core", () => {
  it("tail mode: reads through the live cursor and reopens it where it ended, without repeats", async () => {
    const log = new MemoryLog("tail");
    const bus = await started(log);
    assert.equal(bus.readMode, "tail");
    const watcher = bus.subscribe("FeedHealthChanged");
    log.endTailAfter = 2;
    await bus.publish([health(1), health(2), health(3)]);
    await bus.publish([health(4)]);
    assert.deepEqual(
      (await take(watcher, 4)).map((event) => event.seq),
      [1, 2, 3, 4],
    );
    assert.ok(log.tailsOpened >= 2, "the cursor was reopened");
    await bus.stop();
  });

  it("a resume merges the replay with live events that arrive meanwhile, in order, once each", async () => {
    const log = new MemoryLog("poll");
    const bus = await started(log);
    await bus.publish([health(1), health(2), health(3)]);
    let release = () => {};
    log.holdReads = new Promise((resolve) => (release = resolve));
    const resumed = bus.subscribe("FeedHealthChanged", { after: 1 });
    // While the replay's read is held, 4 and 5 are published and dispatched live.
    await bus.publish([health(4), health(5)]);
    for (let turn = 0; turn < 100 && bus.readPosition < 5; turn++) await new Promise((r) => setTimeout(r, 5));
    log.holdReads = null;
    release();
    assert.deepEqual(
      (await take(resumed, 4)).map((event) => event.seq),
      [2, 3, 4, 5],
    );
    await bus.publish([health(6)]);
    assert.deepEqual(
      (await take(resumed, 1)).map((event) => event.seq),
      [6],
    );
    await bus.stop();
  });

  it("drops a subscriber that falls too far behind, with an error it can act on", async () => {
    const log = new MemoryLog("poll");
    const bus = await started(log, { maxQueue: 3 });
    const slow = bus.subscribe("FeedHealthChanged");
    await bus.publish([1, 2, 3, 4, 5].map(health));
    for (let turn = 0; turn < 100 && bus.subscriberCount > 0; turn++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(bus.subscriberCount, 0, "the overflowing subscriber was removed");
    const received: number[] = [];
    await assert.rejects(async () => {
      for await (const event of slow) received.push(event.seq);
    }, SubscriberOverflowError);
    assert.deepEqual(received, [1, 2, 3, 4], "what was queued is still delivered first");
    await bus.stop();
  });

  it("paces a long replay to the consumer instead of dropping it", async () => {
    const log = new MemoryLog("poll");
    const bus = await started(log, { maxQueue: 4 });
    await bus.publish(Array.from({ length: 12 }, (_, i) => health(i)));
    const resumed = bus.subscribe("FeedHealthChanged", { after: 0 });
    assert.deepEqual(
      (await take(resumed, 12)).map((event) => event.seq),
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    await bus.stop();
  });

  it("stop() ends every local subscription", async () => {
    const bus = await started(new MemoryLog("poll"));
    const watcher = bus.subscribe("EventAdded");
    await bus.stop();
    assert.deepEqual(await watcher.next(), { value: undefined, done: true });
    assert.equal(bus.subscriberCount, 0);
  });
});
