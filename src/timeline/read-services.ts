import type { Db } from "mongodb";

import { type ArticleReads, createArticleReads } from "./article-reads.js";
import { type CatalogReads, createCatalogReads } from "./catalog-reads.js";
import { compareHypervisors, type Comparison } from "./compare.js";
import { createFeedReads, type FeedReads } from "./feed-reads.js";
import { createTimelineReads, type TimelineReads } from "./timeline-reads.js";

/** Every read use-case of the API over one database: what src/app.ts hands the schema. */
export interface ReadServices {
  articles: ArticleReads;
  catalog: CatalogReads;
  feeds: FeedReads;
  timeline: TimelineReads;
  compare: { compare(slugs: readonly string[]): Promise<Comparison> };
}

export function createReadServices(db: Db): ReadServices {
  return {
    articles: createArticleReads(db),
    catalog: createCatalogReads(db),
    feeds: createFeedReads(db),
    timeline: createTimelineReads(db),
    compare: { compare: (slugs) => compareHypervisors(db, slugs) },
  };
}
