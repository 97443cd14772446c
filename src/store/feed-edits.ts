import type { AnyBulkWriteOperation, Db, ObjectId } from "mongodb";

import type { Feed } from "../model/feed.js";
import { type ArticleDoc, articlesCollection, sourceKey } from "./articles.js";
import { bulkWriteInChunks } from "./chunked-writes.js";
import { feedFromDoc, feedsCollection } from "./feeds.js";

/** Feed reads and edits of the API (registration and runs are ingest's, in feeds.ts). */

async function run<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new Error(`store: unable to ${what}: ${String(error)}`, { cause: error });
  }
}

/** Feeds by id, in no particular order; unknown ids are absent. */
export const findFeedsByIds = (db: Db, ids: readonly ObjectId[]): Promise<Feed[]> =>
  run("read feeds by id", async () =>
    ids.length === 0
      ? []
      : (
          await feedsCollection(db)
            .find({ _id: { $in: [...ids] } })
            .toArray()
        ).map(feedFromDoc),
  );

/** What an editor may change of a feed; absent fields stay as they are. */
export interface FeedFieldsUpdate {
  title?: string;
  siteUrl?: string | null;
  tags?: string[];
}

/** Sets the given fields; returns the feed as it now is, or null when there is no such feed. */
export const updateFeedFields = (db: Db, id: ObjectId, fields: FeedFieldsUpdate): Promise<Feed | null> =>
  run(`update feed ${id.toHexString()}`, async () => {
    if (Object.keys(fields).length > 0) {
      const result = await feedsCollection(db).updateOne({ _id: id }, { $set: { ...fields } });
      if (result.matchedCount === 0) return null;
    }
    const doc = await feedsCollection(db).findOne({ _id: id });
    return doc ? feedFromDoc(doc) : null;
  });

/** Deletes the feed document; false when there was none. */
export const deleteFeedDoc = (db: Db, id: ObjectId): Promise<boolean> =>
  run(
    `delete feed ${id.toHexString()}`,
    async () => (await feedsCollection(db).deleteOne({ _id: id })).deletedCount === 1,
  );

export type RemovedArticle = Pick<ArticleDoc, "_id" | "publishedAt" | "hypervisors" | "vendors">;

/**
 * Removes a feed from its articles: an article seen only in this feed is deleted, one also seen
 * in other feeds keeps them and loses this one. Returns the deleted articles (for the counts).
 */
export const deleteFeedArticles = (
  db: Db,
  feedId: ObjectId,
): Promise<{ deleted: RemovedArticle[]; detached: number }> =>
  run(`delete the articles of feed ${feedId.toHexString()}`, async () => {
    const articles = articlesCollection(db);
    const docs = await articles
      .find(
        { feedIds: feedId },
        { projection: { _id: 1, publishedAt: 1, hypervisors: 1, vendors: 1, feedIds: 1, sources: 1, sourceKeys: 1 } },
      )
      .toArray();
    const onlyHere = docs.filter((doc) => doc.feedIds.every((id) => id.equals(feedId)));
    const shared = docs.filter((doc) => !onlyHere.includes(doc));
    const writes: AnyBulkWriteOperation<ArticleDoc>[] = shared.map((doc) => {
      const sources = doc.sources.filter((source) => !source.feedId.equals(feedId));
      return {
        updateOne: {
          filter: { _id: doc._id },
          update: {
            $set: {
              feedIds: doc.feedIds.filter((id) => !id.equals(feedId)),
              sources,
              sourceKeys: sources.map((source) => sourceKey(source.feedId, source.itemKey)),
            },
          },
        },
      };
    });
    if (onlyHere.length > 0) await articles.deleteMany({ _id: { $in: onlyHere.map((doc) => doc._id) } });
    await bulkWriteInChunks(articles, writes);
    return { deleted: onlyHere, detached: shared.length };
  });
