import type { LinkKind } from "../model/links.js";
import type { ArticleChange, LinkRef } from "./topics.js";

/**
 * A checked article filter, as a live subscription applies it to ArticleAdded/ArticleUpdated
 * payloads. The same meaning as the API's article queries (src/store/article-queries.ts
 * `articleFilterOf` + `linksMatch`, checked against them in test/unit/events): every condition
 * given must hold; a link condition holds for ANY or ALL of its slugs; `minConfidence` and
 * `rejectedLinks` decide which links count. Transport-free and synchronous: it runs once per
 * event per subscriber, so it only reads the payload.
 */
export interface LiveArticleCriteria {
  links: readonly { kind: LinkKind; slugs: readonly string[]; mode: "ANY" | "ALL" }[];
  feedIds: readonly string[];
  /** publishedAt >= from */
  from: Date | null;
  /** publishedAt < to */
  to: Date | null;
  minConfidence: number | null;
  rejectedLinks: "EXCLUDE" | "INCLUDE" | "ONLY";
}

export const ANY_ARTICLE: LiveArticleCriteria = Object.freeze({
  links: [],
  feedIds: [],
  from: null,
  to: null,
  minConfidence: null,
  rejectedLinks: "EXCLUDE",
});

export function matchesArticleCriteria(change: ArticleChange, criteria: LiveArticleCriteria): boolean {
  if (criteria.feedIds.length > 0 && !change.feedIds.some((id) => criteria.feedIds.includes(id))) return false;
  const publishedAt = Date.parse(change.publishedAt);
  if (criteria.from && publishedAt < criteria.from.getTime()) return false;
  if (criteria.to && publishedAt >= criteria.to.getTime()) return false;
  if (criteria.links.length === 0 && criteria.minConfidence === null && criteria.rejectedLinks === "EXCLUDE") {
    return true;
  }
  const counts = (link: LinkRef) => {
    if (criteria.rejectedLinks === "ONLY") return link.rejected;
    if (link.rejected) return criteria.rejectedLinks === "INCLUDE";
    return criteria.minConfidence === null || link.confidence >= criteria.minConfidence;
  };
  if (criteria.links.length === 0) return change.links.some(counts);
  return criteria.links.every((condition) => {
    const found = (slug: string) =>
      change.links.some((link) => link.kind === condition.kind && link.slug === slug && counts(link));
    return condition.mode === "ALL" ? condition.slugs.every(found) : condition.slugs.some(found);
  });
}
