import type { AnyBulkWriteOperation, Db, ObjectId } from "mongodb";

import type { Article, ArticleEnclosure } from "../model/article.js";
import type { ArticleLink } from "../model/links.js";
import type { CollectionIndexes } from "./collection-indexes.js";
import { isOnlyDuplicateKeys, writeErrorsOf } from "./feeds.js";

export const ARTICLES = "articles";

/** The article's content as one feed item gave it, plus its links: what an insert or an update sets. */
export interface ArticleContentDoc {
  title: string;
  url: string | null;
  canonicalUrl: string | null;
  summary: string;
  contentHtml: string;
  publishedAt: Date;
  updatedAt: Date | null;
  dateClamped: boolean;
  /** When the stored content last changed. */
  changedAt: Date;
  authors: string[];
  categories: string[];
  enclosures: ArticleEnclosure[];
  /** The normaliser's hash of the visible fields; a different hash means the item was edited. */
  contentHash: string;
  hypervisors: string[];
  vendors: string[];
  topics: string[];
  events: string[];
  /** Every link with its confidence and evidence, AUTO and MANUAL (rejections included). */
  links: ArticleLink[];
  /** The catalog version the AUTO links were computed with; the relink job redoes older ones. */
  linkedCatalogVersion: string | null;
  /** The words `search` finds the article by (src/timeline/search-tokens.ts), when ingestion has the tokenizer. */
  searchTokens?: string[];
}

/** One (feed, item) pair an article was seen as. */
export interface ArticleSourceDoc {
  feedId: ObjectId;
  itemKey: string;
}

/** Storage shape of an article. Link slugs are arrays so "articles about X" is one index scan. */
export interface ArticleDoc extends ArticleContentDoc {
  _id: ObjectId;
  /**
   * Identity at first sight, unique: `url:<canonicalUrl>` (the same story in two feeds is one
   * article), or `item:<feedId>:<itemKey>` for an item without a link. Set on insert, never changed.
   */
  dedupeKey: string;
  feedIds: ObjectId[];
  sources: ArticleSourceDoc[];
  /** `sourceKey(feedId, itemKey)` of each source: finds the article of a feed item. */
  sourceKeys: string[];
  firstSeenAt: Date;
}

export const articleIndexes: CollectionIndexes = {
  collection: ARTICLES,
  indexes: [
    // Upserts are keyed by this scalar unique index, so concurrent upserts cannot insert twice (D5).
    { name: "dedupeKey_unique", key: { dedupeKey: 1 }, unique: true },
    // (feed, item) -> article. Unique per element on MongoDB; FerretDB 1.24 compares whole arrays
    // (test/compat/FERRETDB.md), so there the feed lease is what keeps one writer per feed.
    { name: "sourceKeys_unique", key: { sourceKeys: 1 }, unique: true },
    { name: "canonicalUrl", key: { canonicalUrl: 1 } },
    // Stable listing order: newest first, id as the tie-break.
    { name: "publishedAt_id", key: { publishedAt: -1, _id: -1 } },
    { name: "hypervisors_publishedAt", key: { hypervisors: 1, publishedAt: -1 } },
    { name: "vendors_publishedAt", key: { vendors: 1, publishedAt: -1 } },
    { name: "events_publishedAt", key: { events: 1, publishedAt: -1 } },
    { name: "feedIds_publishedAt", key: { feedIds: 1, publishedAt: -1 } },
  ],
};

export const articlesCollection = (db: Db) => db.collection<ArticleDoc>(ARTICLES);

/** The lookup key of one feed item. */
export const sourceKey = (feedId: ObjectId | string, itemKey: string) =>
  `${typeof feedId === "string" ? feedId : feedId.toHexString()}:${itemKey}`;

export function articleFromDoc(doc: ArticleDoc): Article {
  return {
    id: doc._id.toHexString(),
    feedIds: doc.feedIds.map((id) => id.toHexString()),
    sources: doc.sources.map((source) => ({ feedId: source.feedId.toHexString(), itemKey: source.itemKey })),
    title: doc.title,
    url: doc.url,
    canonicalUrl: doc.canonicalUrl,
    summary: doc.summary,
    contentHtml: doc.contentHtml,
    publishedAt: doc.publishedAt,
    updatedAt: doc.updatedAt,
    dateClamped: doc.dateClamped,
    firstSeenAt: doc.firstSeenAt,
    changedAt: doc.changedAt,
    authors: doc.authors,
    categories: doc.categories,
    enclosures: doc.enclosures,
    contentHash: doc.contentHash,
    hypervisors: doc.hypervisors,
    vendors: doc.vendors,
    topics: doc.topics,
    events: doc.events,
    links: doc.links,
  };
}

/** What ingestion needs to know of the articles a feed body may touch. */
export type ExistingArticle = Pick<
  ArticleDoc,
  "_id" | "dedupeKey" | "sourceKeys" | "contentHash" | "links" | "publishedAt"
>;

/** The articles holding any of these feed items, or any of these dedupe keys: one read. */
export async function findExistingArticles(
  db: Db,
  sourceKeys: readonly string[],
  dedupeKeys: readonly string[],
): Promise<ExistingArticle[]> {
  if (sourceKeys.length === 0 && dedupeKeys.length === 0) return [];
  try {
    return await articlesCollection(db)
      .find(
        { $or: [{ sourceKeys: { $in: [...sourceKeys] } }, { dedupeKey: { $in: [...dedupeKeys] } }] },
        { projection: { _id: 1, dedupeKey: 1, sourceKeys: 1, contentHash: 1, links: 1, publishedAt: 1 } },
      )
      .toArray();
  } catch (error) {
    throw new Error(`store: unable to read existing articles: ${String(error)}`, { cause: error });
  }
}

/** What an update of a stored feed item needs to know: the editor's links, the date it kept. */
export type StoredLinks = Pick<ArticleDoc, "_id" | "links" | "publishedAt">;

/** The links and dates of these articles (only for items whose content changed). */
export async function findArticleLinks(db: Db, ids: readonly ObjectId[]): Promise<StoredLinks[]> {
  if (ids.length === 0) return [];
  try {
    return await articlesCollection(db)
      .find({ _id: { $in: [...ids] } }, { projection: { _id: 1, links: 1, publishedAt: 1 } })
      .toArray();
  } catch (error) {
    throw new Error(`store: unable to read the links of ${ids.length} articles: ${String(error)}`, { cause: error });
  }
}

/**
 * One write of a feed run:
 * - `insert`: a story not stored yet, with the id the planner gave it. A plain insert, not an
 *   upsert: on FerretDB 1.24 an inserting upsert costs a full collection scan and drops null and
 *   [] values from `$setOnInsert` (test/compat/FERRETDB.md). A story another writer stored first
 *   is refused by the unique dedupe key (E11000) and reported as a conflict;
 * - `update`: an item whose content hash changed, updated in place;
 * - `attach`: a story already stored, now also seen as this feed item.
 */
export type ArticleWrite =
  | {
      kind: "insert";
      id: ObjectId;
      dedupeKey: string;
      source: ArticleSourceDoc;
      firstSeenAt: Date;
      content: ArticleContentDoc;
    }
  | { kind: "update"; id: ObjectId; content: ArticleContentDoc }
  | { kind: "attach"; id: ObjectId; source: ArticleSourceDoc };

export interface ArticleWriteResult {
  /**
   * Inserts refused with E11000 (indexes into the writes): another writer stored the story
   * first (SERVER-20380). The caller re-reads what is stored and plans again.
   */
  refused: number[];
}

function toOperation(write: ArticleWrite): AnyBulkWriteOperation<ArticleDoc> {
  switch (write.kind) {
    case "insert":
      return {
        insertOne: {
          document: {
            _id: write.id,
            dedupeKey: write.dedupeKey,
            ...write.content,
            firstSeenAt: write.firstSeenAt,
            feedIds: [write.source.feedId],
            sources: [{ feedId: write.source.feedId, itemKey: write.source.itemKey }],
            sourceKeys: [sourceKey(write.source.feedId, write.source.itemKey)],
          },
        },
      };
    case "update":
      return { updateOne: { filter: { _id: write.id }, update: { $set: write.content } } };
    case "attach":
      return {
        updateOne: {
          filter: { _id: write.id },
          update: {
            $addToSet: {
              feedIds: write.source.feedId,
              sources: { feedId: write.source.feedId, itemKey: write.source.itemKey },
              sourceKeys: sourceKey(write.source.feedId, write.source.itemKey),
            },
          },
        },
      };
  }
}

/**
 * Most update operations sent in one command. FerretDB 1.24 deadlocks on an `update` command
 * of 100 or more updates (each keeps its SQLite connection until the command ends), and the
 * database stays stuck (test/compat/FERRETDB.md). Inserts are not limited.
 */
export const MAX_UPDATES_PER_COMMAND = 50;

/**
 * Applies a feed run's writes with one unordered bulkWrite (the driver sends the inserts and
 * the updates as one command each); only a run with more than MAX_UPDATES_PER_COMMAND updates
 * takes more. Inserts refused for a duplicate dedupe key are reported, not thrown.
 */
export async function writeArticles(db: Db, writes: readonly ArticleWrite[]): Promise<ArticleWriteResult> {
  const refused: number[] = [];
  for (const chunk of chunkWrites(writes)) {
    try {
      await articlesCollection(db).bulkWrite(
        chunk.map((index) => toOperation(writes[index]!)),
        { ordered: false },
      );
    } catch (error) {
      if (!isOnlyDuplicateKeys(error)) {
        throw new Error(`store: unable to write ${writes.length} articles: ${String(error)}`, { cause: error });
      }
      refused.push(...writeErrorsOf(error).map((writeError) => chunk[writeError.index]!));
    }
  }
  return { refused };
}

/** Indexes of the writes per bulkWrite: every insert and the first updates, then updates in chunks. */
function chunkWrites(writes: readonly ArticleWrite[]): number[][] {
  const indexes = writes.map((_, index) => index);
  const inserts = indexes.filter((index) => writes[index]!.kind === "insert");
  const updates = indexes.filter((index) => writes[index]!.kind !== "insert");
  const chunks = [[...inserts, ...updates.slice(0, MAX_UPDATES_PER_COMMAND)]];
  for (let start = MAX_UPDATES_PER_COMMAND; start < updates.length; start += MAX_UPDATES_PER_COMMAND) {
    chunks.push(updates.slice(start, start + MAX_UPDATES_PER_COMMAND));
  }
  return chunks.filter((chunk) => chunk.length > 0);
}
