/**
 * FeedParser implementations (RELIABILITY C3: a synchronous parse of a 15 MB feed blocks the event
 * loop for hundreds of milliseconds, and sanitising its HTML even longer). createParserPool runs
 * parseFeed — and, through parseAndNormalize, normalizeFeed too — on worker threads, one job per
 * worker at a time, queueing the rest; createInlineParser does the same on the calling thread
 * (for the one-shot CLI and tests). A worker that crashes, runs out of memory or exceeds the per-parse
 * timeout rejects its parse with ParserCrashError and is replaced.
 */
import { Worker } from "node:worker_threads";

import { type NormalizedEntry, type NormalizeOptions } from "../../model/entry.js";
import { normalizeFeed } from "../normalize/normalize-feed.js";
import { parseFeed } from "./parse-feed.js";
import { type ParseRequest, type ParseResponse } from "./parse-worker.js";
import {
  type FeedHeader,
  feedHeader,
  FeedParseError,
  type FeedParser,
  type ParsedFeed,
  type ParseInput,
} from "./parsed-feed.js";

export interface ParserPoolOptions {
  /** Number of worker threads (≥ 1). */
  size: number;
  /** A parse still running after this long is abandoned and its worker replaced (default 30 s). */
  timeoutMs?: number;
  /** Old-generation heap cap per worker, so a hostile feed kills its worker, not the process (default 512). */
  maxHeapMb?: number;
}

/** The parse did not finish: the worker crashed, hit its memory cap or timed out; names the feed. */
export class ParserCrashError extends Error {
  override readonly name = "ParserCrashError";

  constructor(
    readonly feedUrl: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${feedUrl}: ${reason}`, options);
  }
}

/** Added beside FeedParser: parse and normalise in one trip, both off the calling thread. */
export interface FeedParserPool extends FeedParser {
  parseAndNormalize(input: ParseInput, options: NormalizeOptions): Promise<ParsedAndNormalized>;
}

export interface ParsedAndNormalized {
  feed: FeedHeader;
  entries: NormalizedEntry[];
}

type TaskResult = { feed: ParsedFeed; entries: null } | { feed: FeedHeader; entries: NormalizedEntry[] };

interface Task {
  request: ParseRequest;
  resolve: (result: TaskResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

/** Parses on the calling thread; same contract as the pool. */
export function createInlineParser(): FeedParserPool {
  return {
    parse: async (input) => parseFeed(input),
    parseAndNormalize: async (input, options) => {
      const feed = parseFeed(input);
      return { feed: feedHeader(feed), entries: normalizeFeed(feed, options) };
    },
    close: async () => {},
  };
}

/** Parses on up to `size` worker threads, started on demand. Call close() to stop them. */
export function createParserPool(options: ParserPoolOptions): FeedParserPool {
  return new WorkerParserPool(
    Math.max(1, Math.floor(options.size)),
    options.timeoutMs ?? 30_000,
    options.maxHeapMb ?? 512,
  );
}

class WorkerParserPool implements FeedParserPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly timeoutMs: number,
    private readonly maxHeapMb: number,
  ) {}

  async parse(input: ParseInput): Promise<ParsedFeed> {
    const result = await this.submit(input, null);
    if (result.entries !== null) throw new Error("parser pool: a parse came back normalised");
    return result.feed;
  }

  async parseAndNormalize(input: ParseInput, options: NormalizeOptions): Promise<ParsedAndNormalized> {
    const result = await this.submit(input, options);
    if (result.entries === null) throw new Error("parser pool: a parse came back not normalised");
    return result;
  }

  private submit(input: ParseInput, normalize: NormalizeOptions | null) {
    if (this.closed) return Promise.reject(new ParserCrashError(input.url, "the parser pool is closed"));
    return new Promise<TaskResult>((resolve, reject) => {
      const { body, url, contentType } = input;
      this.queue.push({ request: { id: this.nextId++, body, url, contentType, normalize }, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) {
      task.reject(new ParserCrashError(task.request.url, "the parser pool closed before this parse started"));
    }
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      const task = this.finish(slot);
      task?.reject(new ParserCrashError(task.request.url, "the parser pool closed during this parse"));
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((candidate) => candidate.task === null) ?? this.spawnIfRoom();
      const task = slot ? this.queue.shift() : undefined;
      if (!slot || !task) return;
      slot.task = task;
      slot.timer = setTimeout(() => this.fail(slot, `parse timed out after ${this.timeoutMs} ms`), this.timeoutMs);
      slot.worker.ref(); // a pending parse keeps the process alive; an idle pool does not
      // An exact copy of the body, moved rather than cloned: a Buffer may be a view into a larger
      // pooled ArrayBuffer, which structured clone would copy whole.
      const body = new Uint8Array(task.request.body); // copies (Buffer#slice would not)
      slot.worker.postMessage({ ...task.request, body }, [body.buffer]);
    }
  }

  private spawnIfRoom(): Slot | undefined {
    if (this.slots.length >= this.size) return undefined;
    const slot: Slot = { worker: startWorker(this.maxHeapMb), task: null, timer: null };
    slot.worker.on("message", (response: ParseResponse) => this.settle(slot, response));
    slot.worker.on("error", (error) => this.fail(slot, `parser worker crashed (${error.message})`, error));
    slot.worker.on("exit", (code) => this.fail(slot, `parser worker exited with code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private settle(slot: Slot, response: ParseResponse): void {
    const task = this.finish(slot);
    if (task?.request.id !== response.id) return;
    if (response.ok) task.resolve(response);
    else task.reject(new FeedParseError(response.code, task.request.url, response.reason));
    this.dispatch();
  }

  /** The worker is gone or must go: reject its parse and drop it; dispatch starts a fresh one. */
  private fail(slot: Slot, reason: string, cause?: unknown): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return; // already handled: "error" is followed by "exit"
    this.slots.splice(index, 1);
    const task = this.finish(slot);
    task?.reject(new ParserCrashError(task.request.url, reason, { cause }));
    void slot.worker.terminate();
    this.dispatch();
  }

  private finish(slot: Slot): Task | null {
    const { task } = slot;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = null;
    slot.timer = null;
    slot.worker.unref();
    return task;
  }
}

function startWorker(maxHeapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  if (!import.meta.url.endsWith(".ts")) {
    return new Worker(new URL("./parse-worker.js", import.meta.url), { resourceLimits });
  }
  // Running from TypeScript source (tsx): `--import tsx` in a worker's execArgv does not install
  // tsx's hooks before the entry loads on Node 20 (privatenumber/tsx#354), so a small script
  // registers them in the worker first, then imports the .ts entry.
  const entry = new URL("./parse-worker.ts", import.meta.url).href;
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}
