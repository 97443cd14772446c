import type { Db, ObjectId } from "mongodb";

import type { Article } from "../model/article.js";
import type { ArticleLink } from "../model/links.js";
import type { CollectionIndexes } from "./collection-indexes.js";

export const ARTICLES = "articles";

/** Storage shape of an article. Link slugs are arrays so "articles about X" is one index scan. */
export interface ArticleDoc {
  _id: ObjectId;
  feedIds: ObjectId[];
  title: string;
  url: string;
  canonicalUrl: string;
  summary: string;
  contentHtml: string;
  publishedAt: Date;
  firstSeenAt: Date;
  authors: string[];
  categories: string[];
  hypervisors: string[];
  vendors: string[];
  topics: string[];
  events: string[];
  /** Every link with its confidence and evidence, AUTO and MANUAL (rejections included). */
  links: ArticleLink[];
  /** The catalog version the AUTO links were computed with; the relink job redoes older ones. */
  linkedCatalogVersion: string | null;
}

export const articleIndexes: CollectionIndexes = {
  collection: ARTICLES,
  indexes: [
    // The same story seen in two feeds is one article.
    { name: "canonicalUrl_unique", key: { canonicalUrl: 1 }, unique: true },
    // Stable listing order: newest first, id as the tie-break.
    { name: "publishedAt_id", key: { publishedAt: -1, _id: -1 } },
    { name: "hypervisors_publishedAt", key: { hypervisors: 1, publishedAt: -1 } },
    { name: "vendors_publishedAt", key: { vendors: 1, publishedAt: -1 } },
    { name: "events_publishedAt", key: { events: 1, publishedAt: -1 } },
    { name: "feedIds_publishedAt", key: { feedIds: 1, publishedAt: -1 } },
  ],
};

export const articlesCollection = (db: Db) => db.collection<ArticleDoc>(ARTICLES);

export function articleFromDoc(doc: ArticleDoc): Article {
  return {
    id: doc._id.toHexString(),
    feedIds: doc.feedIds.map((id) => id.toHexString()),
    title: doc.title,
    url: doc.url,
    canonicalUrl: doc.canonicalUrl,
    summary: doc.summary,
    contentHtml: doc.contentHtml,
    publishedAt: doc.publishedAt,
    firstSeenAt: doc.firstSeenAt,
    authors: doc.authors,
    categories: doc.categories,
    hypervisors: doc.hypervisors,
    vendors: doc.vendors,
    topics: doc.topics,
    events: doc.events,
    links: doc.links,
  };
}
