import type { Db } from "mongodb";

import type { EventKind, Hypervisor, TimelineEvent, Topic, Vendor } from "../model/catalog.js";
import type { LinkKind } from "../model/links.js";
import { countArticlesBySlug } from "../store/article-queries.js";
import * as catalog from "../store/catalog-queries.js";
import { searchWords } from "./article-filter.js";
import { EntityNotFoundError } from "./domain-errors.js";
import { eventDate, type EventFilterInput, eventMatches } from "./event-match.js";
import { checkDateRange, checkSlug, checkSlugList } from "./input-rules.js";
import { pageInMemory } from "./memory-page.js";
import type { Connection, PageArgs } from "./pagination.js";

/** Read use-cases of the catalog: hypervisors, vendors, topics and events. */
export interface CatalogReads {
  hypervisors(): Promise<Hypervisor[]>;
  hypervisor(slug: string): Promise<Hypervisor>;
  hypervisorsBySlugs(slugs: readonly string[]): Promise<(Hypervisor | null)[]>;
  vendors(): Promise<Vendor[]>;
  vendor(slug: string): Promise<Vendor>;
  vendorsBySlugs(slugs: readonly string[]): Promise<(Vendor | null)[]>;
  topics(): Promise<Topic[]>;
  topicsBySlugs(slugs: readonly string[]): Promise<(Topic | null)[]>;
  events(filter: EventFilterInput | null | undefined, args: PageArgs): Promise<Connection<TimelineEvent>>;
  event(slug: string): Promise<TimelineEvent>;
  eventsBySlugs(slugs: readonly string[]): Promise<(TimelineEvent | null)[]>;
  /** Articles linked (not rejected) to each slug, in the order of `slugs`. */
  articleCounts(kind: LinkKind, slugs: readonly string[]): Promise<number[]>;
}

/** Results in the order of the keys, null where a key has no entity (the DataLoader contract). */
export function inKeyOrder<T>(keys: readonly string[], found: readonly T[], keyOf: (item: T) => string): (T | null)[] {
  const byKey = new Map(found.map((item) => [keyOf(item), item]));
  return keys.map((key) => byKey.get(key) ?? null);
}

export function createCatalogReads(db: Db): CatalogReads {
  const one = async <T>(what: string, slug: string, find: (slugs: string[]) => Promise<T[]>): Promise<T> => {
    const [found] = await find([checkSlug("slug", slug)]);
    if (!found) throw new EntityNotFoundError(`No ${what} with slug "${slug}".`);
    return found;
  };
  const bySlug =
    <T extends { slug: string }>(find: (db: Db, slugs: readonly string[]) => Promise<T[]>) =>
    async (slugs: readonly string[]) =>
      inKeyOrder(slugs, await find(db, slugs), (item) => item.slug);
  return {
    hypervisors: () => catalog.listHypervisors(db),
    hypervisor: (slug) => one("hypervisor", slug, (slugs) => catalog.findHypervisorsBySlugs(db, slugs)),
    hypervisorsBySlugs: bySlug(catalog.findHypervisorsBySlugs),
    vendors: () => catalog.listVendors(db),
    vendor: (slug) => one("vendor", slug, (slugs) => catalog.findVendorsBySlugs(db, slugs)),
    vendorsBySlugs: bySlug(catalog.findVendorsBySlugs),
    topics: () => catalog.listTopics(db),
    topicsBySlugs: bySlug(catalog.findTopicsBySlugs),
    events: async (filter, args) => pageInMemory(filterEvents(await catalog.listEvents(db), filter), args),
    event: (slug) => one("event", slug, (slugs) => catalog.findEventsBySlugs(db, slugs)),
    eventsBySlugs: bySlug(catalog.findEventsBySlugs),
    articleCounts: async (kind, slugs) => {
      const counts = await countArticlesBySlug(db, kind, slugs);
      return slugs.map((slug) => counts.get(slug) ?? 0);
    },
  };
}

function filterEvents(events: readonly TimelineEvent[], input: EventFilterInput | null | undefined) {
  const filter = input ?? {};
  const kinds = new Set<EventKind>(filter.kinds ?? []);
  const hypervisors = checkSlugList("filter.hypervisors", filter.hypervisors);
  const vendors = checkSlugList("filter.vendors", filter.vendors);
  const { from, to } = checkDateRange(filter.from, filter.to);
  const criteria = {
    links: [
      ...(hypervisors.length > 0 ? [{ kind: "HYPERVISOR" as const, slugs: hypervisors, mode: "ANY" as const }] : []),
      ...(vendors.length > 0 ? [{ kind: "VENDOR" as const, slugs: vendors, mode: "ANY" as const }] : []),
    ],
    feedIds: [],
    from,
    to,
    tokens: searchWords("filter.text", filter.text),
    minConfidence: null,
    rejectedLinks: "EXCLUDE" as const,
  };
  return events
    .filter((event) => kinds.size === 0 || kinds.has(event.kind))
    .filter((event) => eventMatches(event, criteria))
    .filter((event) => event.phases.some((phase) => (!from || phase.date >= from) && (!to || phase.date < to)))
    .map((event) => ({ publishedAt: eventDate(event), _id: event.slug, node: event }));
}
