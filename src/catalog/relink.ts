import type { Db, ObjectId } from "mongodb";

import { linkSlugs, mergeArticleLinks } from "../linking/merge-links.js";
import type { Linker } from "../model/links.js";
import {
  type ArticleLinksUpdate,
  type ArticleToLinkDoc,
  countArticlesToRelink,
  findArticlesToRelink,
  saveArticleLinks,
} from "../store/article-links.js";

export interface RelinkDeps {
  db: Db;
  linker: Linker;
}

/** Where a relink run stands; reported after every batch. */
export interface RelinkProgress {
  catalogVersion: string;
  /** Articles that were stale when the run started. */
  total: number;
  /** Articles linked so far in this run. */
  processed: number;
  saved: number;
  /** Articles whose links changed while being relinked; they stay stale for the next run. */
  conflicts: number;
  batches: number;
}

export interface RelinkSummary extends RelinkProgress {
  /** False when the run stopped early (maxBatches or the abort signal); run again to resume. */
  complete: boolean;
}

export interface RelinkOptions {
  /** Articles read and written per batch; memory stays bounded by it (default 200). */
  batchSize?: number;
  /** Stop after this many batches, e.g. to spread a big relink over several runs. */
  maxBatches?: number;
  /** Stops the run between batches (shutdown); the work done so far is kept. */
  signal?: AbortSignal;
  onProgress?: (progress: RelinkProgress) => void;
}

const DEFAULT_BATCH_SIZE = 200;

/**
 * Re-links every article whose links were computed with another catalog version, in
 * batches of `_id` order. MANUAL links and rejections are kept (a rejected link is never
 * re-added) and the slug arrays list only non-rejected links. Each saved article carries the
 * new version, so a run that stops or crashes resumes where articles are still stale.
 */
export async function relinkArticles(deps: RelinkDeps, options: RelinkOptions = {}): Promise<RelinkSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError("relink: batchSize must be a whole number >= 1");
  }
  const catalogVersion = deps.linker.catalogVersion;
  const progress: RelinkProgress = {
    catalogVersion,
    total: await countArticlesToRelink(deps.db, catalogVersion),
    processed: 0,
    saved: 0,
    conflicts: 0,
    batches: 0,
  };
  let afterId: ObjectId | null = null;
  for (;;) {
    if (options.signal?.aborted || progress.batches === options.maxBatches) return { ...progress, complete: false };
    const articles = await findArticlesToRelink(deps.db, catalogVersion, afterId, batchSize);
    if (articles.length === 0) return { ...progress, complete: true };
    const result = await saveArticleLinks(
      deps.db,
      articles.map((article) => relinkOne(deps.linker, article)),
    );
    progress.processed += articles.length;
    progress.saved += result.saved;
    progress.conflicts += result.conflicts;
    progress.batches += 1;
    afterId = (articles[articles.length - 1] as ArticleToLinkDoc)._id;
    options.onProgress?.({ ...progress });
  }
}

function relinkOne(linker: Linker, article: ArticleToLinkDoc): ArticleLinksUpdate {
  const fresh = linker.link({
    title: article.title,
    summary: article.summary,
    content: article.contentHtml,
    categories: article.categories,
    publishedAt: article.publishedAt,
  });
  const previousLinks = article.links ?? null;
  const links = mergeArticleLinks(previousLinks ?? [], fresh);
  return { id: article._id, previousLinks, links, ...linkSlugs(links), linkedCatalogVersion: linker.catalogVersion };
}
