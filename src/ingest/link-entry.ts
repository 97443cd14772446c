import { linkSlugs, mergeArticleLinks } from "../linking/merge-links.js";
import type { NormalizedEntry } from "../model/entry.js";
import type { ArticleLink, Linker } from "../model/links.js";

/** What linking sets on an article: every link, the slug arrays the timeline indexes, the catalog version. */
export interface LinkFields {
  links: ArticleLink[];
  hypervisors: string[];
  vendors: string[];
  topics: string[];
  events: string[];
  linkedCatalogVersion: string;
}

/**
 * Links one entry with the injected linker. The stored article's MANUAL links and rejections
 * survive (the same merge as the relink job's), so an edit of the item never re-adds a link an
 * editor rejected.
 */
export function linkEntry(
  linker: Linker,
  entry: NormalizedEntry,
  publishedAt: Date,
  previous: readonly ArticleLink[],
): LinkFields {
  const fresh = linker.link({
    title: entry.title,
    summary: entry.summary,
    content: entry.contentHtml,
    categories: entry.categories,
    publishedAt,
  });
  const links = mergeArticleLinks(previous, fresh);
  return { links, ...linkSlugs(links), linkedCatalogVersion: linker.catalogVersion };
}
