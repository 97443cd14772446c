import { type Db, MongoBulkWriteError, MongoServerError, type ObjectId } from "mongodb";

import { groupCommitPer, type Outcome } from "./group-commit.js";

export const FEED_LEASES = "feed_leases";

/**
 * A claim on one due slot of a feed (RELIABILITY.md D4): who fetches it, until when.
 *
 * Claims are inserts under a unique `_id` (`<feedId>:<dueAt ISO>:<attempt>`), never conditional
 * updates: on FerretDB 1.24 `findOneAndUpdate({ lease free }, ...)` is not atomic and several
 * processes "win" it (test/compat/FERRETDB.md); a duplicate `_id` is refused everywhere. A claim
 * whose holder died is taken over by inserting the next attempt, once it has expired.
 */
export interface FeedLeaseDoc {
  _id: string;
  feedId: ObjectId;
  /** The feed's nextFetchAt when claimed: the slot. */
  dueAt: Date;
  attempt: number;
  owner: string;
  claimedAt: Date;
  expiresAt: Date;
}

export const feedLeasesCollection = (db: Db) => db.collection<FeedLeaseDoc>(FEED_LEASES);

const DUPLICATE_KEY = 11000;

const slotPrefix = (feedId: ObjectId, dueAt: Date) => `${feedId.toHexString()}:${dueAt.toISOString()}:`;

/** A claim won: the lease document's `_id` and attempt, the fencing token of the run's record. */
export interface HeldLease {
  id: string;
  attempt: number;
  owner: string;
}

/**
 * Claims the slot `dueAt` of a feed for `owner` until `now + leaseMs`. Returns null when a
 * live claim exists or another process inserted the same attempt first. The common case is one
 * insert (attempt 0); the latest attempt is looked up only when that one is taken.
 */
export async function acquireFeedLease(
  db: Db,
  slot: { feedId: ObjectId; dueAt: Date },
  lease: { owner: string; now: Date; leaseMs: number },
): Promise<HeldLease | null> {
  const held = (attempt: number): HeldLease => ({ id: leaseId(slot, attempt), attempt, owner: lease.owner });
  try {
    if (await firstAttemptsOf(db)(leaseDoc(slot, lease, 0))) return held(0);
    const prefix = slotPrefix(slot.feedId, slot.dueAt);
    // ":" + 1 is ";": every attempt of the slot sorts between the two bounds.
    const latest = await feedLeasesCollection(db)
      .find({ _id: { $gte: prefix, $lt: `${prefix.slice(0, -1)};` } })
      .sort({ _id: -1 })
      .limit(1)
      .next();
    // Pruned between our two steps: the slot is free again, but leave it to the next run.
    if (!latest || latest.expiresAt >= lease.now) return null;
    const attempt = latest.attempt + 1;
    return (await insertAttempt(db, slot, lease, attempt)) ? held(attempt) : null;
  } catch (error) {
    throw new Error(`store: unable to claim feed ${slot.feedId.toHexString()}: ${String(error)}`, { cause: error });
  }
}

const leaseId = (slot: { feedId: ObjectId; dueAt: Date }, attempt: number) =>
  `${slotPrefix(slot.feedId, slot.dueAt)}${String(attempt).padStart(6, "0")}`;

/**
 * For each lease: true while it is still the latest claim of its slot, i.e. its document is
 * there with its owner (not pruned after expiry and re-claimed) and no later attempt took the
 * slot over (D4). The fencing-token check of a run's record where the record's update cannot
 * carry the condition atomically (FerretDB). One read for the whole batch: on FerretDB a `$in`
 * on `_id` costs one pass over this small collection, where each `_id` lookup costs one too.
 */
export async function areLatestLeases(db: Db, leases: readonly HeldLease[]): Promise<boolean[]> {
  const nextIdOf = (lease: HeldLease) => `${lease.id.slice(0, -6)}${String(lease.attempt + 1).padStart(6, "0")}`;
  const ids = leases.flatMap((lease) => [lease.id, nextIdOf(lease)]);
  const found = await feedLeasesCollection(db)
    .find({ _id: { $in: ids } }, { projection: { owner: 1 } })
    .toArray();
  const owners = new Map(found.map((doc) => [doc._id, doc.owner]));
  return leases.map((lease) => owners.get(lease.id) === lease.owner && !owners.has(nextIdOf(lease)));
}

function leaseDoc(
  slot: { feedId: ObjectId; dueAt: Date },
  lease: { owner: string; now: Date; leaseMs: number },
  attempt: number,
): FeedLeaseDoc {
  return {
    _id: leaseId(slot, attempt),
    feedId: slot.feedId,
    dueAt: slot.dueAt,
    attempt,
    owner: lease.owner,
    claimedAt: lease.now,
    expiresAt: new Date(lease.now.getTime() + lease.leaseMs),
  };
}

/** Inserts one attempt; false when it exists already (E11000). */
async function insertAttempt(
  db: Db,
  slot: { feedId: ObjectId; dueAt: Date },
  lease: { owner: string; now: Date; leaseMs: number },
  attempt: number,
): Promise<boolean> {
  try {
    await feedLeasesCollection(db).insertOne(leaseDoc(slot, lease, attempt));
    return true;
  } catch (error) {
    if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
    throw error;
  }
}

const MAX_CLAIMS_PER_INSERT = 100;
/**
 * First attempts (the common case: nobody else wants the slot) of all the claims this process
 * makes at once go out as one unordered insertMany (group commit): a run of 1,000 feeds makes
 * ~1,000 claims, and on FerretDB separate concurrent inserts contend for SQLite's write lock.
 * Each claim still wins or loses alone: a duplicate key fails only its own document.
 */
const firstAttemptsOf = groupCommitPer(insertClaims, MAX_CLAIMS_PER_INSERT);

async function insertClaims(db: Db, docs: FeedLeaseDoc[]): Promise<Outcome<boolean>[]> {
  try {
    await feedLeasesCollection(db).insertMany(docs, { ordered: false });
    return docs.map(() => ({ ok: true, value: true }));
  } catch (error) {
    // OneOrMore: a single write error is not wrapped in an array.
    const writeErrors = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [];
    if (writeErrors.length === 0) throw error;
    const failed = new Map(writeErrors.map((writeError) => [writeError.index, writeError]));
    return docs.map((_, index): Outcome<boolean> => {
      const writeError = failed.get(index);
      if (!writeError) return { ok: true, value: true };
      if (writeError.code === DUPLICATE_KEY) return { ok: true, value: false };
      return { ok: false, error: new Error(writeError.errmsg ?? `write error ${writeError.code}`) };
    });
  }
}

/**
 * Deletes claims that expired before `before`. Safe at any time: a claimer re-reads the feed
 * after winning and gives the slot up when its nextFetchAt has moved on (see claimFeed).
 */
export async function pruneFeedLeases(db: Db, before: Date): Promise<number> {
  try {
    const result = await feedLeasesCollection(db).deleteMany({ expiresAt: { $lt: before } });
    return result.deletedCount;
  } catch (error) {
    throw new Error(`store: unable to prune feed leases: ${String(error)}`, { cause: error });
  }
}
