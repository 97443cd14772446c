import type { TimelineEvent } from "../model/catalog.js";
import type { FeedRunOutcome } from "../model/feed.js";
import type { LinkKind } from "../model/links.js";
import type { Publication } from "./topics.js";

/** Where announcements go: the bus, or anything with its publish contract. */
export interface Publisher {
  publish(publications: readonly Publication[]): Promise<string[]>;
}

/** What a payload needs of an article, read after its write was acknowledged. */
export interface ArticleFacts {
  id: string;
  feedIds: string[];
  publishedAt: Date;
  /** Every link, rejected ones flagged (filters decide whether those count). */
  links: { kind: LinkKind; slug: string; confidence: number; rejected: boolean }[];
}

/** Event ids per publish call: one append per ingest run's feed, not one per article. */
const MAX_PER_APPEND = 200;

/**
 * Announces a feed run's article writes: ArticleAdded for inserted ids, ArticleUpdated for
 * updated ones. Called by the ingest publish hook (`onArticlesChanged`), i.e. after the
 * bulkWrite was acknowledged; the facts are read back so payloads carry what filters need.
 */
export async function publishArticleChanges(
  publisher: Publisher,
  readFacts: (ids: readonly string[]) => Promise<ArticleFacts[]>,
  change: { insertedIds: readonly string[]; updatedIds: readonly string[] },
): Promise<void> {
  const inserted = new Set(change.insertedIds);
  const ids = [...new Set([...change.insertedIds, ...change.updatedIds])];
  if (ids.length === 0) return;
  const facts = new Map((await readFacts(ids)).map((article) => [article.id, article]));
  const publications: Publication[] = [];
  // The hook's order (inserted, then updated) is the order subscribers see.
  for (const id of ids) {
    const article = facts.get(id);
    if (!article) continue;
    const payload = {
      articleId: article.id,
      feedIds: article.feedIds.slice(0, 64),
      publishedAt: article.publishedAt.toISOString(),
      links: article.links.slice(0, 256).map((link) => ({
        kind: link.kind,
        slug: link.slug,
        confidence: Math.min(1, Math.max(0, link.confidence)),
        rejected: link.rejected,
      })),
    };
    publications.push({ topic: inserted.has(id) ? "ArticleAdded" : "ArticleUpdated", payload });
  }
  for (let start = 0; start < publications.length; start += MAX_PER_APPEND) {
    await publisher.publish(publications.slice(start, start + MAX_PER_APPEND));
  }
}

/** A feed run as the ingest job reports it once its health was written. */
export interface FeedRunReport {
  feedId: string;
  outcome: FeedRunOutcome | "skipped";
  errorCode?: string;
}

/**
 * Run outcomes after which the feed document was not written: nothing to announce.
 * `skipped`: unknown feed or another process holds the lease; LEASE_LOST: the fenced write
 * matched nothing.
 */
const NOT_RECORDED = new Set(["LEASE_LOST", "LEASE_HELD", "FEED_NOT_FOUND"]);

/** Announces FeedHealthChanged for a run whose health write happened. */
export async function publishFeedHealth(publisher: Publisher, report: FeedRunReport): Promise<void> {
  if (report.outcome === "skipped" || (report.errorCode !== undefined && NOT_RECORDED.has(report.errorCode))) return;
  await publisher.publish([
    {
      topic: "FeedHealthChanged",
      payload: { feedId: report.feedId, outcome: report.outcome, errorCode: report.errorCode ?? null },
    },
  ]);
}

/** Announces catalog events written by a catalog load: new slugs, and changed ones. */
export async function publishEventChanges(
  publisher: Publisher,
  change: { added: readonly TimelineEvent[]; updated: readonly TimelineEvent[] },
): Promise<void> {
  const payload = (event: TimelineEvent) => ({
    slug: event.slug,
    kind: event.kind,
    hypervisors: event.hypervisors.slice(0, 64),
    vendors: event.vendors.slice(0, 64),
  });
  const publications: Publication[] = [
    ...change.added.map((event): Publication => ({ topic: "EventAdded", payload: payload(event) })),
    ...change.updated.map((event): Publication => ({ topic: "EventUpdated", payload: payload(event) })),
  ];
  for (let start = 0; start < publications.length; start += MAX_PER_APPEND) {
    await publisher.publish(publications.slice(start, start + MAX_PER_APPEND));
  }
}
