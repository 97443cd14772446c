import { type Db, MongoBulkWriteError, MongoServerError, ObjectId, type UpdateFilter, type WriteError } from "mongodb";

import { type Feed, type FeedHealth, NEVER_FETCHED, type NewFeed, type NextFetchReason } from "../model/feed.js";
import type { CollectionIndexes } from "./collection-indexes.js";
import { acquireFeedLease, areLatestLeases, type HeldLease } from "./feed-leases.js";
import { decodeFetchLog } from "./fetch-log.js";

export const FEEDS = "feeds";

/** Storage shape of a feed. `url` is the normalised feed URL. */
export interface FeedDoc {
  _id: ObjectId;
  url: string;
  title: string;
  siteUrl: string | null;
  tags: string[];
  createdAt: Date;
  nextFetchAt: Date;
  nextFetchReason: NextFetchReason;
  health: FeedHealth;
  postIntervalMs: number | null;
  /** RSS <ttl> of the last parsed body, kept for runs that do not parse (304, same body). */
  ttlMinutes: number | null;
  /** Validators and body hash of the last body whose items are stored (B8). */
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  /** The fetch log, newest last, one JSON line per run (src/store/fetch-log.ts). */
  recentFetches: string[];
}

export const feedIndexes: CollectionIndexes = {
  collection: FEEDS,
  indexes: [
    { name: "url_unique", key: { url: 1 }, unique: true },
    // The scheduler asks for feeds due now: `nextFetchAt <= now`.
    { name: "nextFetchAt", key: { nextFetchAt: 1 } },
    { name: "tags", key: { tags: 1 } },
  ],
};

export const feedsCollection = (db: Db) => db.collection<FeedDoc>(FEEDS);

export function feedFromDoc(doc: FeedDoc): Feed {
  return {
    id: doc._id.toHexString(),
    url: doc.url,
    title: doc.title,
    siteUrl: doc.siteUrl,
    tags: doc.tags,
    createdAt: doc.createdAt,
    nextFetchAt: doc.nextFetchAt,
    nextFetchReason: doc.nextFetchReason,
    health: doc.health,
    postIntervalMs: doc.postIntervalMs,
    recentFetches: decodeFetchLog(doc.recentFetches),
  };
}

/** The ObjectId of a feed id string, or null when it is not one. */
export function parseFeedId(id: string): ObjectId | null {
  return /^[0-9a-f]{24}$/i.test(id) ? ObjectId.createFromHexString(id) : null;
}

const DUPLICATE_KEY = 11000;

/**
 * Adds the feeds whose URL is not registered yet; leaves existing ones (and their state) alone.
 * One unordered insertMany: a URL already there (or registered concurrently, SERVER-20380)
 * fails alone with E11000 on the unique URL index and counts as existing.
 *
 * Not `$setOnInsert` upserts: FerretDB 1.24 drops top-level null and [] values from
 * `$setOnInsert` (test/compat/FERRETDB.md), which would leave feeds without `tags` or `etag`.
 */
export async function registerFeeds(
  db: Db,
  feeds: readonly NewFeed[],
  now: Date,
): Promise<{ added: number; existing: number }> {
  if (feeds.length === 0) return { added: 0, existing: 0 };
  const docs = feeds.map((feed) => ({ _id: new ObjectId(), ...newFeedDoc(feed, now) }));
  try {
    const result = await feedsCollection(db).insertMany(docs, { ordered: false });
    return { added: result.insertedCount, existing: feeds.length - result.insertedCount };
  } catch (error) {
    if (isOnlyDuplicateKeys(error)) {
      return { added: error.result.insertedCount, existing: feeds.length - error.result.insertedCount };
    }
    throw new Error(`store: unable to register ${feeds.length} feeds: ${String(error)}`, { cause: error });
  }
}

/** A feed as registered: never fetched, due now. */
export function newFeedDoc(feed: NewFeed, now: Date): Omit<FeedDoc, "_id"> {
  return {
    url: feed.url,
    title: feed.title,
    siteUrl: feed.siteUrl,
    tags: feed.tags,
    createdAt: now,
    nextFetchAt: now,
    nextFetchReason: { basis: "new", detail: "never fetched" },
    health: { ...NEVER_FETCHED },
    postIntervalMs: null,
    ttlMinutes: null,
    etag: null,
    lastModified: null,
    bodyHash: null,
    recentFetches: [],
  };
}

/** True when every write error of a bulk write is a duplicate key (a lost upsert race). */
export function isOnlyDuplicateKeys(error: unknown): error is MongoBulkWriteError {
  if (!(error instanceof MongoBulkWriteError)) return false;
  const errors = writeErrorsOf(error);
  return errors.length > 0 && errors.every((writeError) => writeError.code === DUPLICATE_KEY);
}

/** The write errors of a bulk write error, always as an array. */
export function writeErrorsOf(error: MongoBulkWriteError): WriteError[] {
  return [error.writeErrors].flat();
}

/** Every feed, by URL. */
export async function listFeeds(db: Db): Promise<Feed[]> {
  try {
    const docs = await feedsCollection(db).find({}).sort({ url: 1 }).toArray();
    return docs.map(feedFromDoc);
  } catch (error) {
    throw new Error(`store: unable to list feeds: ${String(error)}`, { cause: error });
  }
}

/** A feed by its id or its (normalised) URL. */
export async function findFeed(db: Db, idOrUrl: string): Promise<Feed | null> {
  const _id = parseFeedId(idOrUrl);
  try {
    const doc = await feedsCollection(db).findOne(_id ? { _id } : { url: idOrUrl });
    return doc ? feedFromDoc(doc) : null;
  } catch (error) {
    throw new Error(`store: unable to find feed ${idOrUrl}: ${String(error)}`, { cause: error });
  }
}

/** A feed its caller holds the lease of, with what a conditional fetch and a fenced write need. */
export interface ClaimedFeed {
  feed: Feed;
  /** The lease owner (logs, the lease document). */
  token: string;
  /** The lease won: the fencing token of the run's record. */
  lease: HeldLease;
  /** The slot claimed: the feed's nextFetchAt at claim time. The run's record is fenced on it. */
  dueAt: Date;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  ttlMinutes: number | null;
  recentFetches: string[];
}

/** Feeds with `nextFetchAt <= dueBy`, most overdue first (D3: missed ticks catch up). */
export async function findDueFeeds(db: Db, dueBy: Date, limit: number): Promise<FeedDoc[]> {
  try {
    return await feedsCollection(db)
      .find({ nextFetchAt: { $lte: dueBy } })
      .sort({ nextFetchAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
  } catch (error) {
    throw new Error(`store: unable to list due feeds: ${String(error)}`, { cause: error });
  }
}

/**
 * Claims a feed's current slot (its nextFetchAt) with a lease (D4). Returns the feed with its
 * validators, "held" when another process has it, null when there is no such feed.
 */
export async function claimFeed(
  db: Db,
  feedId: ObjectId,
  lease: { token: string; now: Date; leaseMs: number },
): Promise<ClaimedFeed | "held" | null> {
  let doc;
  try {
    doc = await feedsCollection(db).findOne({ _id: feedId });
  } catch (error) {
    throw new Error(`store: unable to read feed ${feedId.toHexString()}: ${String(error)}`, { cause: error });
  }
  return doc ? claimFeedDoc(db, doc, lease) : null;
}

/**
 * Claims the slot of a feed document read moments ago (findDueFeeds). If another process
 * recorded that slot since, it held a live lease on it, so the claim fails; and were that lease
 * long expired, the run's record would still be fenced out (recordFeedRun).
 */
export async function claimFeedDoc(
  db: Db,
  doc: FeedDoc,
  lease: { token: string; now: Date; leaseMs: number },
): Promise<ClaimedFeed | "held"> {
  const slot = { feedId: doc._id, dueAt: doc.nextFetchAt };
  const held = await acquireFeedLease(db, slot, { owner: lease.token, now: lease.now, leaseMs: lease.leaseMs });
  if (!held) return "held";
  const { etag, lastModified, bodyHash, ttlMinutes, recentFetches } = doc;
  const state = { etag, lastModified, bodyHash, ttlMinutes, recentFetches };
  return { feed: feedFromDoc(doc), token: lease.token, lease: held, dueAt: doc.nextFetchAt, ...state };
}

/** What one run records on its feed. `validators` is set only once the items are stored (B8). */
export interface FeedRunRecord {
  health: FeedHealth;
  nextFetchAt: Date;
  nextFetchReason: NextFetchReason;
  recentFetches: string[];
  validators?: { etag: string | null; lastModified: string | null; bodyHash: string };
  postIntervalMs?: number | null;
  ttlMinutes?: number | null;
  /** Filled in only where the registry had nothing (an OPML line without a title). */
  title?: string;
  siteUrl?: string;
}

/**
 * Records a run, fenced so that a holder whose lease was taken over writes nothing (D4); returns
 * false in that case. Two fences: the lease must still be the latest claim of its slot (a
 * successor inserts the next attempt only after it expired), and the update's filter holds the
 * slot claimed (`nextFetchAt`), atomically, so a successor that recorded first wins.
 */
export async function recordFeedRun(db: Db, claim: ClaimedFeed, record: FeedRunRecord): Promise<boolean> {
  try {
    const [latest] = await areLatestLeases(db, [claim.lease]);
    if (!latest) return false;
    const filter = { _id: ObjectId.createFromHexString(claim.feed.id), nextFetchAt: claim.dueAt };
    return (await feedsCollection(db).updateOne(filter, runUpdate(record))).matchedCount === 1;
  } catch (error) {
    throw new Error(`store: unable to record the run of feed ${claim.feed.url}: ${String(error)}`, { cause: error });
  }
}

function runUpdate(record: FeedRunRecord): UpdateFilter<FeedDoc> {
  const { validators, ...fields } = record;
  return { $set: { ...fields, ...validators } };
}

/** What became of a permanent redirect: the stored URL moved, or why it did not. */
export type UrlMove = { moved: true } | { moved: false; reason: "TAKEN" | "GONE" };

/**
 * Moves a feed to the URL a permanent redirect (301/308) named. Refused, leaving the feed as it
 * is, when another registered feed has that URL already (the unique index says so).
 */
export async function moveFeedUrl(db: Db, feedId: ObjectId, url: string): Promise<UrlMove> {
  try {
    const result = await feedsCollection(db).updateOne({ _id: feedId }, { $set: { url } });
    return result.matchedCount === 1 ? { moved: true } : { moved: false, reason: "GONE" };
  } catch (error) {
    if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return { moved: false, reason: "TAKEN" };
    throw new Error(`store: unable to move feed ${feedId.toHexString()} to ${url}: ${String(error)}`, { cause: error });
  }
}
