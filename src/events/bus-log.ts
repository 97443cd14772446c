/**
 * The durable, ordered log under the event bus, as the bus core sees it. src/store/event-bus.ts
 * implements it (a capped collection where the server has them, an ordinary one elsewhere); the
 * core (event-bus.ts) never talks to the driver.
 *
 * Every event has a position (`seq`). Positions are dense: one append takes the positions
 * right after the last ones in use, and only once those are visible, so a reader that has N
 * and sees N+2 knows N+1 was trimmed, never that it is still on its way.
 */
export interface StoredEvent {
  seq: number;
  /** Untrusted until parseBusEvent narrows it. */
  topic: unknown;
  payload: unknown;
  publishedAt: Date;
}

export interface NewEvent {
  topic: string;
  payload: unknown;
}

/** Most events one append may carry (the bus splits bigger publications). */
export const MAX_APPEND = 200;

/** How a process learns about new events: a live cursor the server holds open, or polling. */
export type ReadMode = "tail" | "poll";

export interface BusLog {
  /**
   * Appends events at consecutive positions after the last ones in use, starting the search
   * at `hint + 1` (`hint`: the end of an append known to be stored). Resolves once the write
   * is acknowledged, with the positions given, in order. At most MAX_APPEND events.
   */
  append(events: readonly NewEvent[], hint: number, publishedAt: Date): Promise<number[]>;
  /** Events after `seq`, ascending; a bounded batch (whole appends). Empty: nothing more yet. */
  readAfter(seq: number): Promise<StoredEvent[]>;
  /** Whether position `seq` is still retained (a resume's check; may be a slower query). */
  covers(seq: number): Promise<boolean>;
  /** The highest position in use (0 for a new log: its genesis entry). */
  latestSeq(): Promise<number>;
  /** Removes events below `seq` (where the server does not trim a capped collection itself). */
  trimBelow(seq: number): Promise<void>;
  /**
   * A live cursor over events after `seq`; ends (or throws) when the server closes it, and the
   * reader reopens it from its position. Only used when `readMode()` says "tail".
   */
  tail(seq: number, signal: AbortSignal): AsyncIterable<StoredEvent>;
  /** How this log is read: tailed (the server holds a live cursor) or polled. */
  readMode(): ReadMode;
}
