import DataLoader from "dataloader";

import type { Article } from "../model/article.js";
import type { Hypervisor, TimelineEvent, Topic, Vendor } from "../model/catalog.js";
import type { Feed } from "../model/feed.js";
import type { LinkKind } from "../model/links.js";
import type { GraphQLContext } from "./context.js";
import type { GraphQLServices } from "./services.js";

/**
 * Per-request DataLoaders: every relation a field resolves (an article's feeds and hypervisors,
 * an event's vendors, ...) is collected over the whole response and fetched in one `$in` per
 * kind, so the database commands of a query do not grow with its page size (no N+1). A loader
 * caches only for its request: the next request sees fresh data.
 */
export interface Loaders {
  article: DataLoader<string, Article | null>;
  feed: DataLoader<string, Feed | null>;
  hypervisor: DataLoader<string, Hypervisor | null>;
  vendor: DataLoader<string, Vendor | null>;
  topic: DataLoader<string, Topic | null>;
  event: DataLoader<string, TimelineEvent | null>;
  /** Hypervisors a vendor sells or sold (keyed by vendor slug). */
  hypervisorsOfVendor: DataLoader<string, Hypervisor[]>;
  articleCount: Record<Exclude<LinkKind, "EVENT">, DataLoader<string, number>>;
}

export function createLoaders(services: GraphQLServices): Loaders {
  const { articles, catalog, feeds } = services;
  const count = (kind: LinkKind) => new DataLoader((slugs: readonly string[]) => catalog.articleCounts(kind, slugs));
  return {
    article: new DataLoader((ids) => articles.articlesByIds(ids)),
    feed: new DataLoader((ids) => feeds.feedsByIds(ids)),
    hypervisor: new DataLoader((slugs) => catalog.hypervisorsBySlugs(slugs)),
    vendor: new DataLoader((slugs) => catalog.vendorsBySlugs(slugs)),
    topic: new DataLoader((slugs) => catalog.topicsBySlugs(slugs)),
    event: new DataLoader((slugs) => catalog.eventsBySlugs(slugs)),
    hypervisorsOfVendor: new DataLoader(async (vendorSlugs) => {
      const all = await catalog.hypervisors();
      return vendorSlugs.map((slug) => all.filter((hypervisor) => hypervisor.vendors.some((t) => t.vendor === slug)));
    }),
    articleCount: { HYPERVISOR: count("HYPERVISOR"), VENDOR: count("VENDOR"), TOPIC: count("TOPIC") },
  };
}

/**
 * The loaders of a request, made on first use and keyed by its context object. The transport
 * (HTTP now, WebSocket later) builds the context and knows nothing of loaders; keying by the
 * context makes every transport's requests get their own, and drops them with the request.
 */
export type RequestLoaders = (context: GraphQLContext) => Loaders;

export function requestLoaders(services: GraphQLServices): RequestLoaders {
  const byRequest = new WeakMap<GraphQLContext, Loaders>();
  return (context) => {
    let loaders = byRequest.get(context);
    if (!loaders) byRequest.set(context, (loaders = createLoaders(services)));
    return loaders;
  };
}

/** Loads many keys and drops the ones with no entity (a deleted feed, an event removed from the catalog). */
export async function loadPresent<T>(loader: DataLoader<string, T | null>, keys: readonly string[]): Promise<T[]> {
  const values = await loader.loadMany(keys);
  const failed = values.find((value) => value instanceof Error);
  if (failed) throw failed;
  return values.filter((value): value is Awaited<T> => value !== null);
}
