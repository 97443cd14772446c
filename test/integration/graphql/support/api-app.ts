/**
 * Shared set-up of the domain API tests: the real service (startTestApp) with an editor and an
 * admin key, the committed catalog loaded through the catalog use-case, and articles stored
 * through the store's own writer (the ingest's bulk write), then indexed for search and counted
 * for the timeline by the backfills the API ships.
 */
import type { Db } from "mongodb";
import { ObjectId } from "mongodb";
import request from "supertest";

import type { App } from "../../../../src/app.js";
import { hashApiKey } from "../../../../src/auth/api-keys.js";
import { loadCatalog } from "../../../../src/catalog/load-catalog.js";
import { readCatalog } from "../../../../src/catalog/read-catalog.js";
import { normalizeFeedUrl } from "../../../../src/feeds/normalize/url.js";
import { addFeeds } from "../../../../src/ingest/add-feeds.js";
import { linkSlugs } from "../../../../src/linking/merge-links.js";
import type { ArticleLink, LinkKind } from "../../../../src/model/links.js";
import { indexArticleTokens } from "../../../../src/store/article-queries.js";
import { type ArticleContentDoc, writeArticles } from "../../../../src/store/articles.js";
import { findFeed } from "../../../../src/store/feeds.js";
import { rebuildTimelineRollups } from "../../../../src/store/timeline-rollups.js";
import { searchTokensOf } from "../../../../src/timeline/search-tokens.js";
import { startTestApp } from "../../../helpers/app.js";

export const KEYS = { editor: "domain-editor-key-0001", admin: "domain-admin-key-0002" } as const;
export const API_KEYS_ENV = `ed:editor:${hashApiKey(KEYS.editor)},ad:admin:${hashApiKey(KEYS.admin)}`;

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data: T | null | undefined;
  errors: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] | undefined;
}

/** POSTs an operation over HTTP (supertest), optionally with an API key. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  key?: string,
): Promise<GraphQLResult<T>> {
  const call = request(url).post("/graphql");
  if (key) call.set("authorization", `Bearer ${key}`);
  const response = await call.send({ query, variables });
  const body = response.body as { data?: T | null; errors?: GraphQLResult["errors"] };
  return { status: response.status, data: body.data, errors: body.errors };
}

/** The first error's code, or undefined. */
export const codeOf = (result: GraphQLResult<unknown>): unknown => result.errors?.[0]?.extensions?.["code"];

export async function startApiApp(label: string, env: Record<string, string> = {}): Promise<App> {
  const app = await startTestApp({
    dbName: `api_${label}_${new ObjectId().toHexString().slice(-6)}`,
    env: { API_KEYS: API_KEYS_ENV, ...env },
  });
  await loadCatalog(app.database.db, await readCatalog());
  return app;
}

export async function stopApiApp(app: App): Promise<void> {
  await app.database.db.dropDatabase();
  await app.stop();
}

/** A feed registered through the ingest use-case; returns its id. */
export async function seedFeed(db: Db, url: string, title = "Seed feed", tags: string[] = []): Promise<ObjectId> {
  await addFeeds(db, [{ url, title, siteUrl: null, tags }], {
    normalizeUrl: normalizeFeedUrl,
    now: new Date("2026-01-01T00:00:00Z"),
  });
  const feed = await findFeed(db, normalizeFeedUrl(url));
  if (!feed) throw new Error(`seedFeed: ${url} not registered`);
  return ObjectId.createFromHexString(feed.id);
}

export interface SeedArticle {
  title: string;
  publishedAt: string;
  feedId: ObjectId;
  summary?: string;
  /** "HYPERVISOR:xen" or "HYPERVISOR:xen@0.4" (confidence) or "HYPERVISOR:xen!" (a MANUAL rejection). */
  links?: string[];
}

export function linkOf(spec: string): ArticleLink {
  const match = /^(HYPERVISOR|VENDOR|TOPIC|EVENT):([a-z0-9-]+)(?:@([0-9.]+))?(!)?$/.exec(spec);
  if (!match) throw new Error(`linkOf: bad spec ${spec}`);
  const rejected = match[4] === "!";
  return {
    kind: match[1] as LinkKind,
    slug: match[2] as string,
    confidence: rejected ? 1 : Number(match[3] ?? 0.9),
    origin: rejected ? "MANUAL" : "AUTO",
    evidence: rejected ? [] : [{ alias: match[2] as string, field: "title", offset: 0 }],
    relation: null,
    rejected,
  };
}

let seeded = 0;

/**
 * Stores articles with the ingest's writer (writeArticles), then runs the API's backfills:
 * search words and timeline counts. Returns the ids in the order given.
 */
export function seedArticles(db: Db, articles: readonly SeedArticle[]): Promise<string[]> {
  return seedArticlesWithIds(
    db,
    articles.map((article) => ({ ...article, id: new ObjectId().toHexString() })),
  );
}

/** seedArticles with the ids chosen by the caller. */
export async function seedArticlesWithIds(
  db: Db,
  articles: readonly (SeedArticle & { id: string })[],
): Promise<string[]> {
  const keys = articles.map(() => `url:https://news.test/${++seeded}-${new ObjectId().toHexString()}`);
  const writes = articles.map((article, index) => {
    const links = (article.links ?? []).map(linkOf);
    const publishedAt = new Date(article.publishedAt);
    const content: ArticleContentDoc = {
      title: article.title,
      url: keys[index]!.slice(4),
      canonicalUrl: keys[index]!.slice(4),
      summary: article.summary ?? `About ${article.title}`,
      contentHtml: `<p>${article.title}</p>`,
      publishedAt,
      updatedAt: null,
      dateClamped: false,
      changedAt: publishedAt,
      authors: ["Seed Writer"],
      categories: [],
      enclosures: [],
      contentHash: keys[index]!,
      links,
      ...linkSlugs(links),
      linkedCatalogVersion: "seed",
    };
    return {
      kind: "insert" as const,
      id: ObjectId.createFromHexString(article.id),
      dedupeKey: keys[index]!,
      source: { feedId: article.feedId, itemKey: keys[index]! },
      firstSeenAt: publishedAt,
      content,
    };
  });
  // In commands of 50: FerretDB never answers an update of 100+ statements (test/compat/FERRETDB.md).
  for (let start = 0; start < writes.length; start += 50) await writeArticles(db, writes.slice(start, start + 50));
  while ((await indexArticleTokens(db, 500, searchTokensOf)) > 0);
  await rebuildTimelineRollups(db, new Date());
  const stored = await db
    .collection<{ _id: ObjectId; dedupeKey: string }>("articles")
    .find({ dedupeKey: { $in: keys } }, { projection: { dedupeKey: 1 } })
    .toArray();
  return keys.map((key) => stored.find((doc) => doc.dedupeKey === key)!._id.toHexString());
}
