import { type AnyBulkWriteOperation, type Db, type Filter, ObjectId } from "mongodb";

import type { ArticleLink, LinkKind } from "../model/links.js";
import { type ArticleDoc, ARTICLES, articlesCollection } from "./articles.js";
import { bulkWriteInChunks } from "./chunked-writes.js";
import type { CollectionIndexes } from "./collection-indexes.js";

/**
 * Reads of the articles collection for the API. Every value placed in a filter here arrives
 * already validated (slugs, ids, dates, search words; src/timeline/article-filter.ts), and every
 * key is a constant: no key, operator or regular expression comes from a client (RELIABILITY.md D6).
 */

/** The API's extra article indexes (ingest owns the others, in articles.ts). */
export const articleQueryIndexes: CollectionIndexes = {
  collection: ARTICLES,
  indexes: [
    // search: `$all` of the query's words, newest first.
    { name: "searchTokens_publishedAt", key: { searchTokens: 1, publishedAt: -1 } },
    { name: "topics_publishedAt", key: { topics: 1, publishedAt: -1 } },
  ],
};

/** An article document with the search words the API adds (indexArticleTokens fills them in). */
export type SearchableArticleDoc = ArticleDoc & { searchTokens?: string[] };

export type MatchMode = "ANY" | "ALL";
/** EXCLUDE: rejected links do not count (default). INCLUDE: they count too. ONLY: only they count. */
export type RejectedLinks = "EXCLUDE" | "INCLUDE" | "ONLY";

export interface LinkCondition {
  kind: LinkKind;
  slugs: string[];
  mode: MatchMode;
}

/** Validated article criteria. */
export interface ArticleCriteria {
  links: LinkCondition[];
  feedIds: ObjectId[];
  /** publishedAt >= from */
  from: Date | null;
  /** publishedAt < to */
  to: Date | null;
  /** Every word must be among the article's searchTokens. */
  tokens: string[];
  minConfidence: number | null;
  rejectedLinks: RejectedLinks;
}

export const NO_CRITERIA: ArticleCriteria = Object.freeze({
  links: [],
  feedIds: [],
  from: null,
  to: null,
  tokens: [],
  minConfidence: null,
  rejectedLinks: "EXCLUDE",
});

const SLUG_FIELD: Readonly<Record<LinkKind, "hypervisors" | "vendors" | "topics" | "events">> = {
  HYPERVISOR: "hypervisors",
  VENDOR: "vendors",
  TOPIC: "topics",
  EVENT: "events",
};

/**
 * The database filter for criteria. Exact when `needsLinkCheck` is false; otherwise a superset
 * that `linksMatch` narrows, because FerretDB 1.24 refuses `$elemMatch` on sub-documents
 * (test/compat/FERRETDB.md), so "a link of this kind, slug and confidence" cannot be one filter.
 */
export function articleFilterOf(criteria: ArticleCriteria): Filter<ArticleDoc> {
  const parts: Filter<SearchableArticleDoc>[] = [];
  for (const condition of criteria.links) {
    const operator = condition.mode === "ALL" ? "$all" : "$in";
    // The slug arrays hold non-rejected links only; rejected ones are found through links.slug.
    const field = criteria.rejectedLinks === "EXCLUDE" ? SLUG_FIELD[condition.kind] : "links.slug";
    parts.push({ [field]: { [operator]: [...condition.slugs] } });
  }
  if (criteria.links.length === 0 && criteria.rejectedLinks === "ONLY") parts.push({ "links.rejected": true });
  if (criteria.feedIds.length > 0) parts.push({ feedIds: { $in: [...criteria.feedIds] } });
  if (criteria.from || criteria.to) {
    parts.push({
      publishedAt: { ...(criteria.from ? { $gte: criteria.from } : {}), ...(criteria.to ? { $lt: criteria.to } : {}) },
    });
  }
  if (criteria.tokens.length > 0) parts.push({ searchTokens: { $all: [...criteria.tokens] } });
  if (parts.length === 0) return {};
  return (parts.length === 1 ? parts[0] : { $and: parts }) as Filter<ArticleDoc>;
}

/** True when articleFilterOf is only a superset and linksMatch must check each article. */
export function needsLinkCheck(criteria: ArticleCriteria): boolean {
  return criteria.minConfidence !== null || criteria.rejectedLinks !== "EXCLUDE";
}

/** The exact link conditions, on one article's links. */
export function linksMatch(criteria: ArticleCriteria, links: readonly ArticleLink[]): boolean {
  const counts = (link: ArticleLink) => {
    if (criteria.rejectedLinks === "ONLY") return link.rejected;
    if (link.rejected) return criteria.rejectedLinks === "INCLUDE";
    return criteria.minConfidence === null || link.confidence >= criteria.minConfidence;
  };
  if (criteria.links.length === 0) return links.some(counts);
  return criteria.links.every((condition) => {
    const found = (slug: string) =>
      links.some((link) => link.kind === condition.kind && link.slug === slug && counts(link));
    return condition.mode === "ALL" ? condition.slugs.every(found) : condition.slugs.some(found);
  });
}

/** Articles by id, in no particular order; unknown ids are simply absent. */
export async function findArticlesByIds(db: Db, ids: readonly ObjectId[]): Promise<ArticleDoc[]> {
  if (ids.length === 0) return [];
  try {
    return await articlesCollection(db)
      .find({ _id: { $in: [...ids] } }, { batchSize: ids.length })
      .toArray();
  } catch (error) {
    throw new Error(`store: unable to read ${ids.length} articles by id: ${String(error)}`, { cause: error });
  }
}

/** The fields the timeline and comparisons read of many articles at once. */
export type ArticleSliceDoc = Pick<ArticleDoc, "_id" | "publishedAt" | "hypervisors" | "vendors" | "topics" | "links">;

/**
 * The slices of every article matching `filter`, newest first, up to `limit`. One command up to
 * the driver's 16 MB reply (about 100 000 slices): the batch size is the limit.
 */
export async function findArticleSlices(db: Db, filter: Filter<ArticleDoc>, limit: number): Promise<ArticleSliceDoc[]> {
  try {
    return await articlesCollection(db)
      .find(filter, {
        projection: { _id: 1, publishedAt: 1, hypervisors: 1, vendors: 1, topics: 1, links: 1 },
        sort: { publishedAt: -1, _id: -1 },
        limit,
        batchSize: limit,
      })
      .toArray();
  } catch (error) {
    throw new Error(`store: unable to read article slices: ${String(error)}`, { cause: error });
  }
}

/** How many articles link (non-rejected) to each slug of `kind`: one aggregation. */
export async function countArticlesBySlug(
  db: Db,
  kind: LinkKind,
  slugs: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (slugs.length === 0) return counts;
  const field = SLUG_FIELD[kind];
  try {
    // $project before $unwind keeps the documents small; the group key is one field (FerretDB
    // drops the other keys of a compound group key after $unwind, test/compat/FERRETDB.md).
    const rows = await articlesCollection(db)
      .aggregate<{ _id: string; n: number }>([
        { $match: { [field]: { $in: [...slugs] } } },
        { $project: { [field]: 1 } },
        { $unwind: `$${field}` },
        { $match: { [field]: { $in: [...slugs] } } },
        { $group: { _id: `$${field}`, n: { $sum: 1 } } },
      ])
      .toArray();
    for (const row of rows) counts.set(row._id, row.n);
    return counts;
  } catch (error) {
    throw new Error(`store: unable to count articles by ${field}: ${String(error)}`, { cause: error });
  }
}

/**
 * Backfill of `searchTokens` for articles stored without them: one batch per call, returns how
 * many it indexed (0: done). `tokensOf` is the pure tokenizer (src/timeline/search-tokens.ts).
 */
export async function indexArticleTokens(
  db: Db,
  batch: number,
  tokensOf: (article: Pick<ArticleDoc, "title" | "summary" | "categories" | "authors">) => string[],
): Promise<number> {
  const collection = db.collection<SearchableArticleDoc>(ARTICLES);
  try {
    const docs = await collection
      .find(
        { searchTokens: { $exists: false } },
        { projection: { _id: 1, title: 1, summary: 1, categories: 1, authors: 1 }, limit: batch, batchSize: batch },
      )
      .toArray();
    if (docs.length === 0) return 0;
    const writes: AnyBulkWriteOperation<SearchableArticleDoc>[] = docs.map((doc) => ({
      updateOne: { filter: { _id: doc._id }, update: { $set: { searchTokens: tokensOf(doc) } } },
    }));
    await bulkWriteInChunks(collection, writes);
    return docs.length;
  } catch (error) {
    throw new Error(`store: unable to index article search words: ${String(error)}`, { cause: error });
  }
}

/** The ObjectId of a 24-hex id, or null. */
export function parseArticleId(id: string): ObjectId | null {
  return /^[0-9a-f]{24}$/i.test(id) ? ObjectId.createFromHexString(id.toLowerCase()) : null;
}
