import type { Article } from "../model/article.js";
import type { TimelineEvent } from "../model/catalog.js";
import {
  type ArticleFacts,
  type FeedRunReport,
  publishArticleChanges,
  type Publisher,
  publishEventChanges,
  publishFeedHealth,
} from "./publish-changes.js";

/**
 * Composition helpers (used by src/app.ts): they wrap a use-case object so that each write it
 * completes is announced on the bus afterwards. A failed announcement is logged and never fails
 * the write: it is stored, and a query shows it (resuming subscribers could miss it: D8 says
 * "no gaps while retained", which only covers announced events).
 */
export type AnnounceFailed = (error: unknown, what: string) => void;

async function announced<R>(result: R, announce: (result: R) => Promise<void>, onError: AnnounceFailed, what: string) {
  try {
    await announce(result);
  } catch (error) {
    onError(error, what);
  }
  return result;
}

/** The ingest job, as far as announcing its runs goes (jobs/ingest-feeds.ts IngestJob). */
interface FeedRunner {
  run(now?: Date, onFeedDone?: (summary: FeedRunReport) => void): Promise<unknown>;
  refreshOne(idOrUrl: string, now?: Date): Promise<FeedRunReport | null>;
}

/**
 * FeedHealthChanged after each run whose health was written: the cron run (per feed, as it
 * finishes) and one-feed refreshes. The ingest job reports a feed only after recording it.
 */
export function announceFeedRuns<J extends FeedRunner>(job: J, publisher: Publisher, onError: AnnounceFailed): J {
  const announce = (summary: FeedRunReport) =>
    publishFeedHealth(publisher, summary).catch((error: unknown) => onError(error, "FeedHealthChanged"));
  return {
    ...job,
    run: (now?: Date, onFeedDone?: (summary: FeedRunReport) => void) =>
      job.run(now, (summary) => {
        onFeedDone?.(summary);
        void announce(summary);
      }),
    refreshOne: async (idOrUrl: string, now?: Date) => {
      const summary = await job.refreshOne(idOrUrl, now);
      if (summary) await announce(summary);
      return summary;
    },
  };
}

/** The API's "refresh this feed now" (src/ingest/feed-admin.ts), announced like the cron's runs. */
export function announceFeedRefreshes<A extends { refreshFeed(id: string): Promise<FeedRunReport> }>(
  admin: A,
  publisher: Publisher,
  onError: AnnounceFailed,
): A {
  return {
    ...admin,
    refreshFeed: async (id: string) =>
      announced(
        await admin.refreshFeed(id),
        (summary) => publishFeedHealth(publisher, summary),
        onError,
        "FeedHealthChanged",
      ),
  };
}

type EventEdit = (slug: string, input: never) => Promise<TimelineEvent>;
type LinkEdit = (request: never) => Promise<Article>;

/**
 * The catalog editor (src/catalog/catalog-editor.ts): EventAdded/EventUpdated after an event is
 * written, ArticleUpdated after a manual link or rejection (an article's links decide which
 * subscribers it reaches).
 */
export function announceCatalogEdits<
  E extends { createEvent: EventEdit; updateEvent: EventEdit; linkArticle: LinkEdit; unlinkArticle: LinkEdit },
>(editor: E, publisher: Publisher, onError: AnnounceFailed): E {
  const linked = (article: Article) =>
    publishArticleChanges(publisher, async () => [factsOf(article)], { insertedIds: [], updatedIds: [article.id] });
  return {
    ...editor,
    createEvent: async (slug: string, input: never) =>
      announced(
        await editor.createEvent(slug, input),
        (e) => publishEventChanges(publisher, { added: [e], updated: [] }),
        onError,
        "EventAdded",
      ),
    updateEvent: async (slug: string, input: never) =>
      announced(
        await editor.updateEvent(slug, input),
        (e) => publishEventChanges(publisher, { added: [], updated: [e] }),
        onError,
        "EventUpdated",
      ),
    linkArticle: async (request: never) =>
      announced(await editor.linkArticle(request), linked, onError, "ArticleUpdated"),
    unlinkArticle: async (request: never) =>
      announced(await editor.unlinkArticle(request), linked, onError, "ArticleUpdated"),
  };
}

function factsOf(article: Article): ArticleFacts {
  return {
    id: article.id,
    feedIds: article.feedIds,
    publishedAt: article.publishedAt,
    links: article.links.map((link) => ({
      kind: link.kind,
      slug: link.slug,
      confidence: link.confidence,
      rejected: link.rejected,
    })),
  };
}
