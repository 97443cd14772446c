import { createHash } from "node:crypto";

import { buildOpml } from "../ingest/opml.js";
import type { TimelineEvent } from "../model/catalog.js";
import type { ArticleReads } from "../timeline/article-reads.js";
import type { CatalogReads } from "../timeline/catalog-reads.js";
import type { EventFilterInput } from "../timeline/event-match.js";
import { buildArticleFeed, type BuiltFeed, type FeedFormat } from "./article-feed.js";
import { buildEventCalendar, type BuiltCalendar } from "./event-calendar.js";
import { parseFeedRequest } from "./feed-request.js";

/** What publishing reads: the same read use-cases as the GraphQL API (src/timeline). */
export interface PublishDeps {
  articles: Pick<ArticleReads, "articles">;
  catalog: Pick<
    CatalogReads,
    "hypervisors" | "hypervisor" | "vendors" | "vendor" | "topics" | "topicsBySlugs" | "events" | "event"
  >;
}

/** The articles of a saved filter, or those linked to one catalog entry. */
export type FeedScope = { kind: "articles" } | { kind: "hypervisors" | "vendors" | "topics" | "events"; slug: string };

/** A request the client got wrong (400) or an entry that does not exist (404). */
export class PublishRequestError extends Error {
  override readonly name = "PublishRequestError";
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

const FEED_URN = "urn:hypervisor-news-graph:feed";

/** Builds one published feed: validates the query, reads the articles, renders the format. */
export async function publishArticleFeed(
  deps: PublishDeps,
  scope: FeedScope,
  query: unknown,
  format: FeedFormat,
  publicUrl: string,
): Promise<BuiltFeed> {
  const parsed = parseFeedRequest(query, scope.kind === "articles" ? undefined : { key: scope.kind, slug: scope.slug });
  if (!parsed.ok) throw new PublishRequestError(400, parsed.message);
  const { filter, limit, canonicalQuery } = parsed.request;
  const name = scope.kind === "articles" ? null : await entryName(deps, scope);
  const page = await translated(() => deps.articles.articles(filter, { first: limit }));
  const path = scope.kind === "articles" ? "/feeds/articles" : `/feeds/${scope.kind}/${scope.slug}`;
  const self = (extension: FeedFormat) =>
    `${publicUrl}${path}.${extension}${canonicalQuery ? `?${canonicalQuery}` : ""}`;
  const id =
    scope.kind === "articles"
      ? `${FEED_URN}:articles:${createHash("sha256").update(canonicalQuery).digest("hex").slice(0, 32)}`
      : `${FEED_URN}:${scope.kind}:${scope.slug}${canonicalQuery ? `:${createHash("sha256").update(canonicalQuery).digest("hex").slice(0, 16)}` : ""}`;
  return buildArticleFeed(
    {
      id,
      title: name ? `${name} — Hypervisor News Graph` : "Hypervisor News Graph",
      description: name
        ? `Virtualization news about ${name}${canonicalQuery ? ` (${decodeURIComponent(canonicalQuery)})` : ""}.`
        : `Virtualization news${canonicalQuery ? ` matching ${decodeURIComponent(canonicalQuery)}` : ""}.`,
      siteUrl: `${publicUrl}/`,
      selfUrls: { atom: self("atom"), rss: self("rss"), json: self("json") },
    },
    page.edges.map((edge) => edge.node),
    format,
  );
}

/** The display name of the catalog entry a per-entry feed follows; 404 when there is none. */
async function entryName(deps: PublishDeps, scope: Exclude<FeedScope, { kind: "articles" }>): Promise<string> {
  switch (scope.kind) {
    case "hypervisors":
      return (await translated(() => deps.catalog.hypervisor(scope.slug))).name;
    case "vendors":
      return (await translated(() => deps.catalog.vendor(scope.slug))).name;
    case "events":
      return (await translated(() => deps.catalog.event(scope.slug))).title;
    case "topics": {
      const [topic] = await translated(() => deps.catalog.topicsBySlugs([scope.slug]));
      if (!topic) throw new PublishRequestError(404, `No topic with slug "${scope.slug}".`);
      return topic.name;
    }
  }
}

/** The use-cases' own errors, by their stable codes (src/timeline/domain-errors.ts, pagination.ts). */
async function translated<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? error.code : null;
    const message = error instanceof Error ? error.message : String(error);
    if (code === "ENTITY_NOT_FOUND") throw new PublishRequestError(404, message);
    if (code === "INVALID_INPUT" || code === "INVALID_PAGE_REQUEST") throw new PublishRequestError(400, message);
    throw error;
  }
}

/** Every event matching `filter`, all pages of the events list. */
export async function listAllEvents(
  catalog: Pick<CatalogReads, "events">,
  filter: EventFilterInput,
): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let after: string | null = null;
  for (let page = 0; page < 1_000; page++) {
    const connection = await translated(() => catalog.events(filter, { first: 100, after }));
    events.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage || connection.pageInfo.endCursor === null) break;
    after = connection.pageInfo.endCursor;
  }
  return events;
}

/** The events calendar: one VEVENT per phase in [from, to) of each matching event. */
export async function publishEventCalendar(
  deps: Pick<PublishDeps, "catalog">,
  filter: EventFilterInput,
  canonicalQuery: string,
  publicUrl: string,
): Promise<BuiltCalendar> {
  const events = await listAllEvents(deps.catalog, filter);
  const inRange = (date: Date) => (!filter.from || date >= filter.from) && (!filter.to || date < filter.to);
  const phased = events.map((event) => ({ ...event, phases: event.phases.filter((phase) => inRange(phase.date)) }));
  return buildEventCalendar(
    {
      name: "Hypervisor News Graph — events",
      description: `Dated virtualization events${canonicalQuery ? ` (${decodeURIComponent(canonicalQuery)})` : ""}.`,
      selfUrl: `${publicUrl}/calendar/events.ics${canonicalQuery ? `?${canonicalQuery}` : ""}`,
      host: new URL(publicUrl).hostname,
    },
    phased,
  );
}

/** OPML 2.0 of every published per-entry feed (Atom), grouped by a category per kind. */
export async function publishFeedDirectory(deps: Pick<PublishDeps, "catalog">, publicUrl: string, now: Date) {
  const [hypervisors, vendors, topics, events] = await Promise.all([
    deps.catalog.hypervisors(),
    deps.catalog.vendors(),
    deps.catalog.topics(),
    listAllEvents(deps.catalog, {}),
  ]);
  const entry = (kind: string, slug: string, name: string) => ({
    url: `${publicUrl}/feeds/${kind}/${slug}.atom`,
    title: `${name} — Hypervisor News Graph`,
    siteUrl: `${publicUrl}/`,
    tags: [kind],
  });
  const feeds = [
    { url: `${publicUrl}/feeds/articles.atom`, title: "Hypervisor News Graph", siteUrl: `${publicUrl}/`, tags: [] },
    ...hypervisors.map((h) => entry("hypervisors", h.slug, h.name)),
    ...vendors.map((v) => entry("vendors", v.slug, v.name)),
    ...topics.map((t) => entry("topics", t.slug, t.name)),
    ...events.map((e) => entry("events", e.slug, e.title)),
  ];
  // dateCreated to the day: the same list gives the same bytes (and ETag) on every instance.
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return buildOpml(feeds, { title: "Hypervisor News Graph feeds", now: day });
}
