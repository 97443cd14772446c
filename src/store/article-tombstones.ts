import type { AnyBulkWriteOperation, Db, ObjectId } from "mongodb";

import { type ArticleDoc, articlesCollection } from "./articles.js";
import { bulkWriteInChunks } from "./chunked-writes.js";

export const ARTICLE_TOMBSTONES = "article_tombstones";

/**
 * A deleted article's identity, so no feed run stores it again (RELIABILITY.md D5, as miniflux
 * keeps removed entries). One document per identity key, `_id` = the key: the article's dedupe
 * key (`url:<canonicalUrl>` or `item:<feedId>:<itemKey>`) and `item:<feedId>:<itemKey>` of each
 * feed item it was seen as. Keyed by `_id` because that is the only filter FerretDB 1.24 pushes
 * down (test/compat/FERRETDB.md). Never trimmed: one document per key of an admin's deletion.
 */
export interface ArticleTombstoneDoc {
  _id: string;
  articleId: ObjectId;
  deletedAt: Date;
}

export const articleTombstonesCollection = (db: Db) => db.collection<ArticleTombstoneDoc>(ARTICLE_TOMBSTONES);

/**
 * Up to this many keys are looked up one `_id` equality each, in parallel; more take one `$in`.
 * On FerretDB 1.24 an equality is filtered in SQLite (~1.4 µs per stored tombstone) while `$in`
 * decodes every tombstone in Go (~12 µs each): measured in test/compat/FERRETDB.md.
 */
const EQUALITY_LOOKUPS_MAX = 8;

async function run<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new Error(`store: unable to ${what}: ${String(error)}`, { cause: error });
  }
}

/** The tombstoned keys among `keys`, with the id of the article that was deleted. */
export const findTombstones = (db: Db, keys: readonly string[]): Promise<Map<string, ObjectId>> =>
  run(`read ${keys.length} article tombstones`, async () => {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return new Map<string, ObjectId>();
    const collection = articleTombstonesCollection(db);
    const docs =
      unique.length <= EQUALITY_LOOKUPS_MAX
        ? await Promise.all(unique.map((key) => collection.findOne({ _id: key })))
        : await collection.find({ _id: { $in: unique } }).toArray();
    return new Map(docs.flatMap((doc) => (doc ? [[doc._id, doc.articleId] as const] : [])));
  });

/** Records the tombstones of a deleted article (idempotent: an existing key keeps its first record). */
export const recordTombstones = (db: Db, keys: readonly string[], articleId: ObjectId, now: Date): Promise<void> =>
  run(`record the tombstones of article ${articleId.toHexString()}`, async () => {
    const writes: AnyBulkWriteOperation<ArticleTombstoneDoc>[] = [...new Set(keys)].map((key) => ({
      updateOne: {
        filter: { _id: key },
        update: { $setOnInsert: { articleId, deletedAt: now } },
        upsert: true,
      },
    }));
    // An article seen in many feeds has as many keys: chunked (FerretDB's 100-update limit).
    await bulkWriteInChunks(articleTombstonesCollection(db), writes);
  });

/** What deleting an article needs of it: its identities, and what it added to the timeline counts. */
export type DeletableArticle = Pick<
  ArticleDoc,
  "_id" | "dedupeKey" | "sources" | "publishedAt" | "hypervisors" | "vendors"
>;

export const findDeletableArticle = (db: Db, id: ObjectId): Promise<DeletableArticle | null> =>
  run(`read article ${id.toHexString()}`, () =>
    articlesCollection(db).findOne(
      { _id: id },
      { projection: { _id: 1, dedupeKey: 1, sources: 1, publishedAt: 1, hypervisors: 1, vendors: 1 } },
    ),
  );

/** Deletes the article document; false when it was already gone. */
export const deleteArticleDoc = (db: Db, id: ObjectId): Promise<boolean> =>
  run(
    `delete article ${id.toHexString()}`,
    async () => (await articlesCollection(db).deleteOne({ _id: id })).deletedCount === 1,
  );
