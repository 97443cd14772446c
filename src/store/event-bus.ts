import { type Db, type Document, MongoServerError, ObjectId } from "mongodb";

import { type BusLog, MAX_APPEND, type NewEvent, type ReadMode, type StoredEvent } from "../events/bus-log.js";
import type { ArticleLink } from "../model/links.js";
import { articlesCollection } from "./articles.js";
import { serverCapabilities } from "./server-capabilities.js";

export const EVENT_BUS = "event_bus";

/**
 * One append of the cross-instance bus (RELIABILITY.md D8): the events of one publish call,
 * at positions `_id`, `_id + 1`, ... One document per append means one insert per publish,
 * and concurrent publishers never interleave inside a batch. `_id` is zero-padded so string
 * order is numeric order, and reads after a position are `_id` index range scans.
 */
export interface EventBusDoc {
  _id: string;
  events: { topic: string; payload: Document }[];
  publishedAt: Date;
}

const POSITION_DIGITS = 16;
const DUPLICATE_KEY = 11000;
const NAMESPACE_EXISTS = 48;
/** Appends read per batch. */
const READ_BLOCKS = 200;
/** A live cursor's getMore waits this long for new events before answering empty. */
const AWAIT_MS = 1_000;

export const positionKey = (seq: number) => String(Math.max(0, seq)).padStart(POSITION_DIGITS, "0");

const busCollection = (db: Db) => db.collection<EventBusDoc>(EVENT_BUS);

/**
 * Opens the bus log. Where the server has capped collections (MongoDB), the log is one of at
 * most `retention` appends (about 2 KiB an event) that the server trims, read through a tailable
 * cursor; elsewhere (DocumentDB) an ordinary collection that the reader polls by position and
 * trims (src/store/server-capabilities.ts). Either way it starts with a genesis entry at
 * position 0, so a new log has an end to read from.
 */
export async function openEventBusLog(db: Db, options: { retention: number }): Promise<BusLog> {
  const { cappedCollections } = await serverCapabilities(db);
  try {
    await db.createCollection(
      EVENT_BUS,
      cappedCollections
        ? { capped: true, max: options.retention, size: Math.max(1024 * 1024, options.retention * 2048) }
        : {},
    );
  } catch (error) {
    if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) {
      throw new Error(`store: unable to create ${EVENT_BUS}: ${String(error)}`, { cause: error });
    }
  }
  try {
    const genesis = { topic: "BusCreated", payload: {} };
    await busCollection(db).insertOne({ _id: positionKey(0), events: [genesis], publishedAt: new Date() });
  } catch (error) {
    if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) {
      throw new Error(`store: unable to initialise ${EVENT_BUS}: ${String(error)}`, { cause: error });
    }
  }
  return createBusLog(db, cappedCollections ? "tail" : "poll");
}

function createBusLog(db: Db, mode: ReadMode): BusLog {
  const collection = busCollection(db);
  const wrap = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new Error(`store: unable to ${what} ${EVENT_BUS}: ${String(error)}`, { cause: error });
    }
  };
  const lastBlock = () => collection.find({}, { sort: { _id: -1 }, limit: 1 }).next();
  return {
    append: (events, hint, publishedAt) => wrap("append to", () => appendBlock(db, events, hint, publishedAt)),
    readAfter: (seq) =>
      wrap("read", async () => {
        // An append holds at most MAX_APPEND events: one starting that far back may hold seq + 1.
        const from = positionKey(seq - MAX_APPEND + 1);
        const docs = await collection.find({ _id: { $gte: from } }, { sort: { _id: 1 }, limit: READ_BLOCKS }).toArray();
        return docs.flatMap(eventsOf).filter((event) => event.seq > seq);
      }),
    covers: (seq) =>
      wrap("probe", async () => {
        const [doc] = await collection
          .find({ _id: { $lte: positionKey(seq) } }, { sort: { _id: -1 }, limit: 1 })
          .toArray();
        return doc !== undefined && Number(doc._id) + doc.events.length > seq;
      }),
    latestSeq: () =>
      wrap("read the end of", async () => {
        const last = await lastBlock();
        return last ? Number(last._id) + last.events.length - 1 : 0;
      }),
    trimBelow: (seq) =>
      wrap("trim", async () => {
        // Whole appends only: keep the one that holds `seq`, drop every one before it.
        const [holder] = await collection
          .find({ _id: { $lte: positionKey(seq) } }, { sort: { _id: -1 }, limit: 1, projection: { _id: 1 } })
          .toArray();
        if (holder) await collection.deleteMany({ _id: { $lt: holder._id } });
      }),
    tail: (seq, signal) => tailEvents(db, seq, signal),
    readMode: () => mode,
  };
}

/**
 * Inserts the events as one document at position `hint + 1`. A duplicate key means another
 * publisher's append starts there: read it, and try right after its last event. An append is
 * only ever tried right after one known to be stored, so positions are dense and in commit
 * order.
 */
async function appendBlock(db: Db, events: readonly NewEvent[], hint: number, publishedAt: Date): Promise<number[]> {
  if (events.length === 0 || events.length > MAX_APPEND) throw new Error(`an append holds 1 to ${MAX_APPEND} events`);
  const collection = busCollection(db);
  const docEvents = events.map((event) => ({ topic: event.topic, payload: event.payload as Document }));
  let start = hint + 1;
  for (let attempt = 0; attempt < 1_000; attempt++) {
    try {
      await collection.insertOne({ _id: positionKey(start), events: docEvents, publishedAt });
      return events.map((_, index) => start + index);
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      const taken = await collection.findOne({ _id: positionKey(start) }, { projection: { events: 1 } });
      start += Math.max(1, taken?.events.length ?? 1);
    }
  }
  throw new Error(`no free position after ${start} in 1000 attempts`);
}

function eventsOf(doc: EventBusDoc): StoredEvent[] {
  const start = Number(doc._id);
  return doc.events.map((event, index) => ({
    seq: start + index,
    topic: event.topic,
    payload: event.payload,
    publishedAt: doc.publishedAt,
  }));
}

/** A tailable, awaitData cursor over the appends after position `seq`; closed when `signal` aborts. */
async function* tailEvents(db: Db, seq: number, signal: AbortSignal): AsyncGenerator<StoredEvent> {
  const cursor = busCollection(db).find(
    { _id: { $gt: positionKey(seq) } },
    { tailable: true, awaitData: true, maxAwaitTimeMS: AWAIT_MS },
  );
  const close = () => void cursor.close().catch(() => undefined);
  signal.addEventListener("abort", close, { once: true });
  try {
    for await (const doc of cursor) {
      if (signal.aborted) return;
      yield* eventsOf(doc);
    }
  } finally {
    signal.removeEventListener("abort", close);
    await cursor.close().catch(() => undefined);
  }
}

/** What a bus payload needs of an article: its feeds, date and links (rejections flagged). */
export interface ArticleEventFacts {
  id: string;
  feedIds: string[];
  publishedAt: Date;
  links: Pick<ArticleLink, "kind" | "slug" | "confidence" | "rejected">[];
}

/**
 * Reads the facts for ArticleAdded/ArticleUpdated payloads, in one `$in` query with a narrow
 * projection (no article text). Lives here, not in articles.ts: it exists for the bus only.
 */
export async function readArticleEventFacts(db: Db, ids: readonly string[]): Promise<ArticleEventFacts[]> {
  const objectIds = ids.filter((id) => ObjectId.isValid(id) && id.length === 24).map((id) => new ObjectId(id));
  if (objectIds.length === 0) return [];
  try {
    const docs = await articlesCollection(db)
      .find({ _id: { $in: objectIds } }, { projection: { _id: 1, feedIds: 1, publishedAt: 1, links: 1 } })
      .toArray();
    return docs.map((doc) => ({
      id: doc._id.toHexString(),
      feedIds: doc.feedIds.map((feedId) => feedId.toHexString()),
      publishedAt: doc.publishedAt,
      links: (doc.links ?? []).map((link) => ({
        kind: link.kind,
        slug: link.slug,
        confidence: link.confidence,
        rejected: link.rejected,
      })),
    }));
  } catch (error) {
    throw new Error(`store: unable to read articles for events: ${String(error)}`, { cause: error });
  }
}
