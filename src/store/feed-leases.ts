import { type Db, MongoServerError, type ObjectId } from "mongodb";

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

/**
 * Claims the slot `dueAt` of a feed for `owner` until `now + leaseMs`. Returns false when a
 * live claim exists or another process inserted the same attempt first. The common case is one
 * insert (attempt 0); the latest attempt is looked up only when that one is taken.
 */
export async function acquireFeedLease(
  db: Db,
  slot: { feedId: ObjectId; dueAt: Date },
  lease: { owner: string; now: Date; leaseMs: number },
): Promise<boolean> {
  try {
    if (await insertAttempt(db, slot, lease, 0)) return true;
    const prefix = slotPrefix(slot.feedId, slot.dueAt);
    // ":" + 1 is ";": every attempt of the slot sorts between the two bounds.
    const latest = await feedLeasesCollection(db)
      .find({ _id: { $gte: prefix, $lt: `${prefix.slice(0, -1)};` } })
      .sort({ _id: -1 })
      .limit(1)
      .next();
    // Pruned between our two steps: the slot is free again, but leave it to the next run.
    if (!latest || latest.expiresAt >= lease.now) return false;
    return await insertAttempt(db, slot, lease, latest.attempt + 1);
  } catch (error) {
    throw new Error(`store: unable to claim feed ${slot.feedId.toHexString()}: ${String(error)}`, { cause: error });
  }
}

/** Inserts one attempt; false when it exists already (E11000). */
async function insertAttempt(
  db: Db,
  slot: { feedId: ObjectId; dueAt: Date },
  lease: { owner: string; now: Date; leaseMs: number },
  attempt: number,
): Promise<boolean> {
  try {
    await feedLeasesCollection(db).insertOne({
      _id: `${slotPrefix(slot.feedId, slot.dueAt)}${String(attempt).padStart(6, "0")}`,
      feedId: slot.feedId,
      dueAt: slot.dueAt,
      attempt,
      owner: lease.owner,
      claimedAt: lease.now,
      expiresAt: new Date(lease.now.getTime() + lease.leaseMs),
    });
    return true;
  } catch (error) {
    if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
    throw error;
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
