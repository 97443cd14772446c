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
  /** JSON of `[articleIdHex, contentHash, itemKey][]`. */
  entries: string;
}

/** One feed item and the article that holds it. */
export interface ItemIndexEntry {
  itemKey: string;
  articleId: ObjectId;
  contentHash: string;
}

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
  const encoded = JSON.stringify(
    entries.map((entry) => [entry.articleId.toHexString(), entry.contentHash, entry.itemKey]),
  );
  try {
    await feedItemsCollection(db).updateOne({ _id: feedId }, { $set: { entries: encoded } }, { upsert: true });
  } catch (error) {
    throw new Error(`store: unable to write the item index of feed ${feedId.toHexString()}: ${String(error)}`, {
      cause: error,
    });
  }
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
    if (!Array.isArray(row) || row.length !== 3) return [];
    const [id, contentHash, itemKey] = row as unknown[];
    if (
      typeof id !== "string" ||
      !/^[0-9a-f]{24}$/i.test(id) ||
      typeof contentHash !== "string" ||
      typeof itemKey !== "string"
    ) {
      return [];
    }
    return [{ itemKey, articleId: ObjectId.createFromHexString(id), contentHash }];
  });
}
