import { Router } from "express";

import { isFeedFormat } from "../publish/article-feed.js";
import {
  type FeedScope,
  publishArticleFeed,
  type PublishDeps,
  publishFeedDirectory,
  PublishRequestError,
} from "../publish/published-feeds.js";
import { answerPublished, sendPublished } from "./published-response.js";

export interface FeedsRoutesDeps extends PublishDeps {
  /** PUBLIC_URL, or the address the server listens on (known once it listens). */
  publicUrl: () => string;
}

const SCOPES = new Set(["hypervisors", "vendors", "topics", "events"]);
/** `<name>.<format>`: a slug or "articles", and atom, rss or json. */
const FILE = /^([a-z0-9][a-z0-9-]{0,63})\.([a-z]{3,4})$/;

/**
 * Published feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1), read-only and cacheable:
 * - `/feeds/articles.<format>?hypervisors=xen,kvm&minConfidence=0.8` (any article filter);
 * - `/feeds/{hypervisors|vendors|topics|events}/<slug>.<format>` (the same query narrows them);
 * - `/feeds.opml`: every per-entry feed, for a reader's import.
 */
export function feedsRoutes(deps: FeedsRoutesDeps): Router {
  const router = Router();
  router.get("/feeds.opml", async (req, res) => {
    const body = await publishFeedDirectory(deps, deps.publicUrl(), new Date());
    sendPublished(req, res, { body, contentType: "text/x-opml; charset=utf-8", lastModified: null });
  });
  router.get("/feeds/:file", (req, res) =>
    answerPublished(res, async () => {
      const [, name, format] = FILE.exec(req.params.file) ?? [];
      if (name !== "articles" || format === undefined || !isFeedFormat(format)) {
        throw new PublishRequestError(404, "No such feed: try /feeds/articles.atom, .rss or .json.");
      }
      const feed = await publishArticleFeed(deps, { kind: "articles" }, req.query, format, deps.publicUrl());
      sendPublished(req, res, { body: feed.body, contentType: feed.contentType, lastModified: feed.updated });
    }),
  );
  router.get("/feeds/:kind/:file", (req, res) =>
    answerPublished(res, async () => {
      const [, slug, format] = FILE.exec(req.params.file) ?? [];
      const kind = req.params.kind;
      if (!SCOPES.has(kind) || slug === undefined || format === undefined || !isFeedFormat(format)) {
        throw new PublishRequestError(
          404,
          "No such feed: /feeds/<hypervisors|vendors|topics|events>/<slug>.<atom|rss|json>.",
        );
      }
      const scope = { kind, slug } as FeedScope;
      const feed = await publishArticleFeed(deps, scope, req.query, format, deps.publicUrl());
      sendPublished(req, res, { body: feed.body, contentType: feed.contentType, lastModified: feed.updated });
    }),
  );
  return router;
}
