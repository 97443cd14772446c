import type { ArticleLink, LinkKind } from "../model/links.js";

const keyOf = (link: ArticleLink) => `${link.kind}:${link.slug}`;

/**
 * The links to store after a (re)link: MANUAL links and every rejection stay as they are;
 * the linker's fresh AUTO links replace the old AUTO ones, except where a MANUAL decision
 * exists for the same (kind, slug) — so a rejected link is never re-added.
 */
export function mergeArticleLinks(existing: readonly ArticleLink[], fresh: readonly ArticleLink[]): ArticleLink[] {
  const kept = existing.filter((link) => link.origin === "MANUAL" || link.rejected);
  const decided = new Set(kept.map(keyOf));
  return [...kept, ...fresh.filter((link) => link.origin === "AUTO" && !decided.has(keyOf(link)))];
}

/** The slug arrays "articles about X" queries use: every non-rejected link, once. */
export interface LinkSlugs {
  hypervisors: string[];
  vendors: string[];
  topics: string[];
  events: string[];
}

export function linkSlugs(links: readonly ArticleLink[]): LinkSlugs {
  const slugs = (kind: LinkKind) => [
    ...new Set(links.filter((link) => link.kind === kind && !link.rejected).map((link) => link.slug)),
  ];
  return { hypervisors: slugs("HYPERVISOR"), vendors: slugs("VENDOR"), topics: slugs("TOPIC"), events: slugs("EVENT") };
}
