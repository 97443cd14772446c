import type { BusEvent, Topic } from "./topics.js";

/** A subscriber fell too far behind: its queue hit the cap. It may resume with afterEventId. */
export class SubscriberOverflowError extends Error {
  readonly code = "SUBSCRIBER_OVERFLOW";
  override readonly name = "SubscriberOverflowError";
}

/**
 * One local subscriber's queue: the bus pushes, the consumer pulls through the async iterator.
 * While a resume replays stored events, live events are ignored: the replay reads until it has
 * passed everything the reader dispatched, then goes live in the same turn, so every event
 * arrives once, in order (positions below the last one queued are skipped as well).
 */
export class BusSubscription<T extends Topic = Topic> implements AsyncIterableIterator<BusEvent<T>> {
  private readonly queue: BusEvent<T>[] = [];
  private waiting: { resolve: (result: IteratorResult<BusEvent<T>>) => void; reject: (error: unknown) => void } | null =
    null;
  private failure: Error | null = null;
  /** A replay waiting for the consumer to make room (replays are paced, live events are not). */
  private roomWaiter: (() => void) | null = null;
  private done = false;
  private replaying: boolean;
  /** Position of the last event queued (or skipped as already seen). */
  private lastSeq: number;
  private readonly maxQueue: number;
  private readonly onClose: (subscription: BusSubscription<T>) => void;

  constructor(
    readonly topic: T,
    options: { after: number | null; maxQueue: number; onClose: (subscription: BusSubscription<T>) => void },
  ) {
    this.replaying = options.after !== null;
    this.lastSeq = options.after ?? -1;
    this.maxQueue = options.maxQueue;
    this.onClose = options.onClose;
  }

  get closed(): boolean {
    return this.done;
  }

  /** From the bus reader: a live event of this topic (a replay in progress will read it itself). */
  deliver(event: BusEvent<T>): void {
    if (!this.done && !this.replaying) this.enqueue(event);
  }

  /** From the resume: a stored event, in order, once the consumer has taken half the queue. */
  async replay(event: BusEvent<T>): Promise<void> {
    if (this.queue.length >= this.maxQueue / 2 && !this.done) {
      await new Promise<void>((resolve) => (this.roomWaiter = resolve));
    }
    if (!this.done) this.enqueue(event);
  }

  /** The replay has passed the reader's position: live delivery from now on. */
  goLive(): void {
    this.replaying = false;
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.failure = error instanceof Error ? error : new Error("subscription failed", { cause: error });
    this.finish();
  }

  next(): Promise<IteratorResult<BusEvent<T>>> {
    const event = this.queue.shift();
    if (this.roomWaiter && this.queue.length < this.maxQueue / 2) this.wakeReplay();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.done) return this.settled();
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<BusEvent<T>>> {
    this.queue.length = 0;
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<BusEvent<T>>> {
    this.queue.length = 0;
    this.finish();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private enqueue(event: BusEvent<T>): void {
    if (event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = null;
      waiting.resolve({ value: event, done: false });
      return;
    }
    this.queue.push(event);
    if (this.queue.length > this.maxQueue) this.fail(new SubscriberOverflowError("subscriber is too slow"));
  }

  private wakeReplay(): void {
    const waiter = this.roomWaiter;
    this.roomWaiter = null;
    waiter?.();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.wakeReplay();
    this.onClose(this);
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = null;
      if (this.failure === null) waiting.resolve({ value: undefined, done: true });
      else waiting.reject(this.failure);
    }
  }

  private settled(): Promise<IteratorResult<BusEvent<T>>> {
    if (this.failure === null) return Promise.resolve({ value: undefined, done: true });
    const failure = this.failure;
    this.failure = null;
    return Promise.reject(failure);
  }
}
