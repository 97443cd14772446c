import type { Logger } from "../log/logger.js";
import { type BusLog, MAX_APPEND, type ReadMode, type StoredEvent } from "./bus-log.js";
import { BusSubscription } from "./bus-subscription.js";
import { assertPublishable, type BusEvent, parseBusEvent, type Publication, type Topic } from "./topics.js";

export interface EventBusOptions {
  /** How often a polling reader checks for new events (where the server has no tailable cursors). */
  pollIntervalMs: number;
  /** Events kept for resuming subscribers; where the server does not trim, the reader does. */
  retention: number;
  /** Most events a subscriber may have waiting before it is dropped (it can resume). */
  maxQueue?: number;
  /** Force a read mode instead of detecting it (benchmarks compare both). */
  readMode?: ReadMode;
  logger?: Logger;
}

/** A resume that cannot be served without a gap or from a position this bus never had. */
export class ResumeError extends Error {
  override readonly name = "ResumeError";
  constructor(
    readonly code: "EVENTS_EXPIRED" | "UNKNOWN_EVENT_ID",
    message: string,
  ) {
    super(message);
  }
}

const MAX_BACKOFF_MS = 5_000;

/**
 * The cross-instance event bus (RELIABILITY.md D8). Publishing appends to the shared log and
 * resolves once the write is acknowledged; every instance, the publisher included, learns of
 * the event from its one reader (a tailable cursor, or polling where the server closes those)
 * and fans it out to its local subscribers in log order. Delivery to a subscriber is in order,
 * without duplicates, and resumable from any retained position.
 */
export class EventBus {
  private readonly subscribers = new Map<Topic, Set<BusSubscription>>();
  private readonly abort = new AbortController();
  private position = 0;
  private lastPublished = 0;
  private trimmedAt = 0;
  private mode: ReadMode = "poll";
  private reader: Promise<void> | null = null;
  /** Ends the reader's current sleep; `poked` covers a wake-up that comes while it is reading. */
  private endSleep: (() => void) | null = null;
  private poked = false;

  constructor(
    private readonly log: BusLog,
    private readonly options: EventBusOptions,
  ) {}

  /** How this bus reads: "tail" (MongoDB) or "poll" (DocumentDB). */
  get readMode(): ReadMode {
    return this.mode;
  }

  /** The last position the reader has dispatched. */
  get readPosition(): number {
    return this.position;
  }

  /** Local subscribers, all topics (leak checks, metrics). */
  get subscriberCount(): number {
    let count = 0;
    for (const set of this.subscribers.values()) count += set.size;
    return count;
  }

  /** Detects the read mode and starts reading from the current end of the log. */
  async start(): Promise<void> {
    if (this.reader) return;
    this.mode = this.options.readMode ?? this.log.readMode();
    this.position = await this.log.latestSeq();
    this.trimmedAt = this.position;
    this.reader = this.mode === "tail" ? this.tailLoop() : this.pollLoop();
    this.options.logger?.info({ mode: this.mode, position: this.position }, "events: bus reader started");
  }

  /** Stops the reader and ends every local subscription. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.endSleep?.();
    await this.reader;
    this.reader = null;
    for (const set of this.subscribers.values()) for (const subscription of [...set]) void subscription.return();
  }

  /**
   * Appends the events, in order, and resolves with their ids once the write is acknowledged.
   * Call it only after the change it announces is stored.
   */
  async publish(publications: readonly Publication[]): Promise<string[]> {
    if (publications.length === 0) return [];
    for (const publication of publications) assertPublishable(publication);
    const publishedAt = new Date();
    const seqs: number[] = [];
    for (let start = 0; start < publications.length; start += MAX_APPEND) {
      const chunk = publications.slice(start, start + MAX_APPEND);
      const given = await this.log.append(chunk, Math.max(this.position, this.lastPublished), publishedAt);
      seqs.push(...given);
      this.lastPublished = Math.max(this.lastPublished, ...given);
    }
    // Our own events need not wait for the next poll.
    this.poked = true;
    this.endSleep?.();
    return seqs.map(String);
  }

  /**
   * A local subscription to one topic. With `after`, it first replays the retained events
   * after that position, then continues live; a position older than the retained window is a
   * ResumeError (thrown from the iterator), never a silent gap.
   */
  subscribe<T extends Topic>(topic: T, options: { after?: number | null } = {}): BusSubscription<T> {
    const after = options.after ?? null;
    const subscription = new BusSubscription<T>(topic, {
      after,
      maxQueue: this.options.maxQueue ?? 1_000,
      onClose: (closed) => this.subscribers.get(topic)?.delete(closed as unknown as BusSubscription),
    });
    let set = this.subscribers.get(topic);
    if (!set) this.subscribers.set(topic, (set = new Set()));
    set.add(subscription as unknown as BusSubscription);
    if (after !== null) {
      this.replay(subscription, after).catch((error: unknown) => subscription.fail(error));
    }
    return subscription;
  }

  /**
   * Replays stored events after `after` until it has passed the reader's position, then goes
   * live with no await in between: what the reader dispatched before is in the log (and was
   * replayed), what it dispatches after is delivered live.
   */
  private async replay<T extends Topic>(subscription: BusSubscription<T>, after: number): Promise<void> {
    // An id past what this instance has seen may come from a faster one: ask the log.
    if (after > this.position && after > this.lastPublished && !(await this.log.covers(after))) {
      throw new ResumeError("UNKNOWN_EVENT_ID", `No event ${after} on this bus.`);
    }
    let cursor = after;
    for (;;) {
      const batch = await this.log.readAfter(cursor);
      const first = batch[0];
      // Positions are dense: a hole right after `after` means those events were trimmed.
      if (cursor === after && first && first.seq !== after + 1) {
        throw new ResumeError("EVENTS_EXPIRED", `Events after ${after} are no longer retained; query to catch up.`);
      }
      for (const stored of batch) {
        const event = parseBusEvent(stored.seq, stored.topic, stored.payload, stored.publishedAt);
        if (event?.topic === subscription.topic) await subscription.replay(event as BusEvent<T>);
        cursor = stored.seq;
      }
      if (subscription.closed) return;
      if (batch.length === 0 && cursor >= this.position) break;
    }
    subscription.goLive();
  }

  private dispatch(stored: StoredEvent): void {
    if (stored.seq <= this.position) return;
    if (stored.seq !== this.position + 1) {
      this.options.logger?.warn({ from: this.position, to: stored.seq }, "events: reader skipped trimmed events");
    }
    this.position = stored.seq;
    const event = parseBusEvent(stored.seq, stored.topic, stored.payload, stored.publishedAt);
    if (!event) return;
    const set = this.subscribers.get(event.topic);
    if (set) for (const subscription of set) subscription.deliver(event);
  }

  private async pollLoop(): Promise<void> {
    let delay = this.options.pollIntervalMs;
    while (!this.abort.signal.aborted) {
      try {
        // One index range read after our position; idle, it finds nothing.
        const more = await this.log.readAfter(this.position);
        for (const stored of more) this.dispatch(stored);
        await this.trimIfDue();
        delay = this.options.pollIntervalMs;
        // More may be waiting (a batch is bounded): probe again at once.
        if (more.length > 0) continue;
      } catch (error) {
        if (this.abort.signal.aborted) break;
        delay = Math.min(MAX_BACKOFF_MS, delay * 2);
        this.options.logger?.error({ err: error, retryInMs: delay }, "events: poll failed");
      }
      await this.sleep(delay);
    }
  }

  private async tailLoop(): Promise<void> {
    let delay = this.options.pollIntervalMs;
    while (!this.abort.signal.aborted) {
      try {
        for await (const stored of this.log.tail(this.position, this.abort.signal)) {
          this.dispatch(stored);
          delay = this.options.pollIntervalMs;
        }
      } catch (error) {
        if (this.abort.signal.aborted) break;
        delay = Math.min(MAX_BACKOFF_MS, delay * 2);
        this.options.logger?.error({ err: error, retryInMs: delay }, "events: tailable cursor failed");
      }
      // A cursor that ended (no data yet, or the server let it go) is reopened from our position.
      await this.sleep(delay);
    }
  }

  /**
   * Polling means the log is an ordinary collection (no capped collections on the server), so
   * nothing trims it but us: keep it at `retention` events, every tenth of it.
   */
  private async trimIfDue(): Promise<void> {
    const step = Math.max(1, Math.floor(this.options.retention / 10));
    if (this.position - this.trimmedAt < step) return;
    this.trimmedAt = this.position;
    await this.log.trimBelow(this.position - this.options.retention + 1);
  }

  private sleep(ms: number): Promise<void> {
    if (this.poked || this.abort.signal.aborted) {
      this.poked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.endSleep = null;
        this.poked = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.endSleep = done;
    });
  }
}
