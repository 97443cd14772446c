import type { Db } from "mongodb";
import { ObjectId } from "mongodb";

export const FEED_ITEMS = "feed_items";

/**
 * The item index of a feed: its recent items and the articles holding them, so a changed body
 * is planned without querying articles (on FerretDB 1.24 any query other than `{ _id: value }`
 * scans the whole collection). One document per feed, `_id` = the feed's id, read and written
 * only when a body changed. The entries are one JSON string, not sub-documents: FerretDB
 * updates cost time per embedded document of the collection (test/compat/FERRETDB.md).
 */
export interface FeedItemsDoc {
  _id: ObjectId;
  /**
   * JSON of `[articleIdHex, contentHash, itemKey][]`; a tombstone (the article was deleted) has a
   * fourth element, `"deleted"`.
   */
  entries: string;
}

/** One feed item and the article that holds it. */
export interface ItemIndexEntry {
  itemKey: string;
  articleId: ObjectId;
  contentHash: string;
  /** A tombstone: the article was deleted, and ingestion skips the item (src/ingest/delete-article.ts). */
  deleted?: true;
}

const DELETED = "deleted";

export const feedItemsCollection = (db: Db) => db.collection<FeedItemsDoc>(FEED_ITEMS);

/** A feed's item index; empty when none was written yet (or it does not decode). */
export async function readItemIndex(db: Db, feedId: ObjectId): Promise<ItemIndexEntry[]> {
  try {
    const doc = await feedItemsCollection(db).findOne({ _id: feedId });
    return doc ? decodeEntries(doc.entries) : [];
  } catch (error) {
    throw new Error(`store: unable to read the item index of feed ${feedId.toHexString()}: ${String(error)}`, {
      cause: error,
    });
  }
}

/** Replaces a feed's item index; called only after the article writes are acknowledged. */
export async function writeItemIndex(db: Db, feedId: ObjectId, entries: readonly ItemIndexEntry[]): Promise<void> {
  try {
    await feedItemsCollection(db).updateOne(
      { _id: feedId },
      { $set: { entries: encodeEntries(entries) } },
      { upsert: true },
    );
  } catch (error) {
    throw new Error(`store: unable to write the item index of feed ${feedId.toHexString()}: ${String(error)}`, {
      cause: error,
    });
  }
}

/**
 * Turns a deleted article's entries in a feed's item index into tombstones, adding one for each
 * of its item keys the index no longer lists. A feed without an index document is left alone
 * (no document is created for a removed feed); its next run finds the article tombstones.
 * A read then a write by `_id`: a run of this feed writing its index at the same instant may
 * overwrite the marks (the article tombstones still stop any insert).
 */
export async function markItemsDeleted(
  db: Db,
  feedId: ObjectId,
  articleId: ObjectId,
  itemKeys: readonly string[],
): Promise<void> {
  try {
    const doc = await feedItemsCollection(db).findOne({ _id: feedId });
    if (!doc) return;
    const entries = decodeEntries(doc.entries);
    const marked = entries.map((entry): ItemIndexEntry =>
      entry.articleId.equals(articleId) || itemKeys.includes(entry.itemKey) ? { ...entry, deleted: true } : entry,
    );
    const missing = itemKeys.filter((itemKey) => !entries.some((entry) => entry.itemKey === itemKey));
    const added = missing.map((itemKey): ItemIndexEntry => ({ itemKey, articleId, contentHash: "", deleted: true }));
    await feedItemsCollection(db).updateOne(
      { _id: feedId },
      { $set: { entries: encodeEntries([...marked, ...added]) } },
    );
  } catch (error) {
    const feed = feedId.toHexString();
    throw new Error(`store: unable to mark deleted items in the index of feed ${feed}: ${String(error)}`, {
      cause: error,
    });
  }
}

/** Deletes a feed's item index (and its tombstones) with the feed. */
export async function deleteItemIndex(db: Db, feedId: ObjectId): Promise<void> {
  try {
    await feedItemsCollection(db).deleteOne({ _id: feedId });
  } catch (error) {
    throw new Error(`store: unable to delete the item index of feed ${feedId.toHexString()}: ${String(error)}`, {
      cause: error,
    });
  }
}

function encodeEntries(entries: readonly ItemIndexEntry[]): string {
  return JSON.stringify(
    entries.map((entry) => {
      const row = [entry.articleId.toHexString(), entry.contentHash, entry.itemKey];
      return entry.deleted ? [...row, DELETED] : row;
    }),
  );
}

function decodeEntries(text: string): ItemIndexEntry[] {
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((row: unknown) => {
    if (!Array.isArray(row) || row.length < 3 || row.length > 4) return [];
    const [id, contentHash, itemKey, mark] = row as unknown[];
    if (
      (mark !== undefined && mark !== DELETED) ||
      typeof id !== "string" ||
      !/^[0-9a-f]{24}$/i.test(id) ||
      typeof contentHash !== "string" ||
      typeof itemKey !== "string"
    ) {
      return [];
    }
    const entry: ItemIndexEntry = { itemKey, articleId: ObjectId.createFromHexString(id), contentHash };
    return [mark === DELETED ? { ...entry, deleted: true } : entry];
  });
}
