import type { AnyBulkWriteOperation, Db, Filter, ObjectId } from "mongodb";

import type { ArticleLink } from "../model/links.js";
import { type ArticleDoc, articlesCollection } from "./articles.js";
import { bulkWriteInChunks } from "./chunked-writes.js";

/** The fields of an article that linking reads. */
export type ArticleToLinkDoc = Pick<
  ArticleDoc,
  "_id" | "title" | "summary" | "contentHtml" | "categories" | "publishedAt" | "links" | "linkedCatalogVersion"
>;

const TO_LINK_PROJECTION = {
  _id: 1,
  title: 1,
  summary: 1,
  contentHtml: 1,
  categories: 1,
  publishedAt: 1,
  links: 1,
  linkedCatalogVersion: 1,
} as const;

/** Articles whose links were not computed with this catalog version (never linked included). */
const staleFilter = (catalogVersion: string): Filter<ArticleDoc> => ({ linkedCatalogVersion: { $ne: catalogVersion } });

export async function countArticlesToRelink(db: Db, catalogVersion: string): Promise<number> {
  try {
    return await articlesCollection(db).countDocuments(staleFilter(catalogVersion));
  } catch (error) {
    throw new Error(`store: unable to count articles to relink: ${String(error)}`, { cause: error });
  }
}

/**
 * The next page of stale articles in `_id` order, after `afterId`. Paging by `_id` keeps a
 * run from seeing an article twice even while it writes; a new run starts from the first
 * article still stale, which is how an interrupted relink resumes.
 */
export async function findArticlesToRelink(
  db: Db,
  catalogVersion: string,
  afterId: ObjectId | null,
  limit: number,
): Promise<ArticleToLinkDoc[]> {
  const filter: Filter<ArticleDoc> = afterId
    ? { $and: [staleFilter(catalogVersion), { _id: { $gt: afterId } }] }
    : staleFilter(catalogVersion);
  try {
    return await articlesCollection(db)
      .find(filter, { projection: TO_LINK_PROJECTION, sort: { _id: 1 }, limit })
      .toArray();
  } catch (error) {
    throw new Error(`store: unable to read articles to relink: ${String(error)}`, { cause: error });
  }
}

/** New links of one article, and what they replace. */
export interface ArticleLinksUpdate {
  id: ObjectId;
  /** The links as read (null: none stored); the write applies only if they are still what is stored. */
  previousLinks: ArticleLink[] | null;
  links: ArticleLink[];
  hypervisors: string[];
  vendors: string[];
  topics: string[];
  events: string[];
  linkedCatalogVersion: string;
}

export interface SaveLinksResult {
  saved: number;
  /** Articles whose links changed since they were read (a manual edit): left for the next run. */
  conflicts: number;
}

/**
 * Stores new links. Each write is conditional on the stored links being the ones read, so a
 * MANUAL link or rejection made meanwhile is never overwritten.
 */
export async function saveArticleLinks(db: Db, updates: readonly ArticleLinksUpdate[]): Promise<SaveLinksResult> {
  if (updates.length === 0) return { saved: 0, conflicts: 0 };
  const writes: AnyBulkWriteOperation<ArticleDoc>[] = updates.map((update) => ({
    updateOne: {
      // `links: null` also matches an article stored before it had a links field.
      filter: { _id: update.id, links: update.previousLinks } as Filter<ArticleDoc>,
      update: {
        $set: {
          links: update.links,
          hypervisors: update.hypervisors,
          vendors: update.vendors,
          topics: update.topics,
          events: update.events,
          linkedCatalogVersion: update.linkedCatalogVersion,
        },
      },
    },
  }));
  try {
    // In commands of at most 50: FerretDB hangs on an update of 100+ statements (test/compat).
    const result = await bulkWriteInChunks(articlesCollection(db), writes);
    return { saved: result.matchedCount, conflicts: updates.length - result.matchedCount };
  } catch (error) {
    throw new Error(`store: unable to save article links: ${String(error)}`, { cause: error });
  }
}
