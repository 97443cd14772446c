import type { Db } from "mongodb";

import { linkSlugs } from "../linking/merge-links.js";
import type { Article } from "../model/article.js";
import type { ArticleLink, EventRelation, LinkKind } from "../model/links.js";
import { saveArticleLinks } from "../store/article-links.js";
import { findArticlesByIds } from "../store/article-queries.js";
import { type ArticleDoc, articleFromDoc } from "../store/articles.js";
import {
  findEventsBySlugs,
  findHypervisorsBySlugs,
  findTopicsBySlugs,
  findVendorsBySlugs,
} from "../store/catalog-queries.js";
import { applyRollupChanges } from "../store/timeline-rollups.js";
import { EntityNotFoundError, InvalidInputError } from "../timeline/domain-errors.js";
import { checkObjectId, checkSlug } from "../timeline/input-rules.js";

/**
 * An editor's decisions about an article's links. Both are MANUAL links, which every relink and
 * every re-ingest keeps as they are (mergeArticleLinks): `linkArticle` asserts a link, and
 * `unlinkArticle` records a rejection, so the linker never adds that link back.
 */
export interface ManualLinkRequest {
  articleId: string;
  kind: LinkKind;
  slug: string;
  /** Only for EVENT links. */
  relation?: EventRelation | null;
}

export const linkArticle = (db: Db, request: ManualLinkRequest): Promise<Article> => decide(db, request, false);
export const unlinkArticle = (db: Db, request: ManualLinkRequest): Promise<Article> => decide(db, request, true);

/** Optimistic writes that lost to a concurrent edit are re-read and redone this many times. */
const ATTEMPTS = 3;

async function decide(db: Db, request: ManualLinkRequest, rejected: boolean): Promise<Article> {
  const id = checkObjectId("articleId", request.articleId);
  const slug = checkSlug("slug", request.slug);
  if (request.relation && request.kind !== "EVENT") {
    throw new InvalidInputError("`relation` applies to EVENT links only.");
  }
  await checkCatalogEntry(db, request.kind, slug);
  const decision: ArticleLink = {
    kind: request.kind,
    slug,
    confidence: 1,
    origin: "MANUAL",
    evidence: [],
    relation: request.kind === "EVENT" ? (request.relation ?? null) : null,
    rejected,
  };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const [doc] = await findArticlesByIds(db, [id]);
    if (!doc) throw new EntityNotFoundError(`No article with id ${request.articleId}.`);
    const previousLinks = doc.links ?? null;
    const links = [
      ...(previousLinks ?? []).filter((link) => link.kind !== request.kind || link.slug !== slug),
      decision,
    ];
    const slugs = linkSlugs(links);
    const result = await saveArticleLinks(db, [
      { id, previousLinks, links, ...slugs, linkedCatalogVersion: doc.linkedCatalogVersion ?? "" },
    ]);
    if (result.saved === 1) {
      await applyRollupChanges(db, [{ before: contribution(doc), after: contribution({ ...doc, ...slugs }) }]);
      return articleFromDoc({ ...doc, ...slugs, links });
    }
  }
  throw new Error(`catalog: the links of article ${request.articleId} kept changing; try again`);
}

const contribution = (doc: Pick<ArticleDoc, "publishedAt" | "hypervisors" | "vendors">) => ({
  publishedAt: doc.publishedAt,
  hypervisors: doc.hypervisors ?? [],
  vendors: doc.vendors ?? [],
});

async function checkCatalogEntry(db: Db, kind: LinkKind, slug: string): Promise<void> {
  const find = {
    HYPERVISOR: findHypervisorsBySlugs,
    VENDOR: findVendorsBySlugs,
    TOPIC: findTopicsBySlugs,
    EVENT: findEventsBySlugs,
  }[kind];
  const found: unknown[] = await find(db, [slug]);
  if (found.length === 0) throw new InvalidInputError(`\`slug\`: the catalog has no ${kind.toLowerCase()} "${slug}".`);
}
