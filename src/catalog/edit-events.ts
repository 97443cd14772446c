import type { Db } from "mongodb";

import type { TimelineEvent } from "../model/catalog.js";
import * as catalog from "../store/catalog-queries.js";
import { EntityNotFoundError, InvalidInputError } from "../timeline/domain-errors.js";
import { checkSlug } from "../timeline/input-rules.js";
import { eventEntry, type RawEvent } from "./catalog-schema.js";
import { eventOf } from "./catalog-to-domain.js";

/**
 * Events edited through the API. They pass the same schema as schema/catalog/events.json
 * (catalog-schema.ts) and the same reference checks, so an event made here could be committed
 * to the file as it is. The catalog files stay the source of truth for the events they list:
 * loading the catalog again restores those, and leaves events created here alone (they are
 * stored with `origin: "api"`). Every edit moves the catalog's change token, so the ingest job's
 * linker uses the event from its next run, and the relink job re-links older articles.
 */
export type EventInput = Omit<RawEvent, "slug" | "exclude" | "phases"> & {
  phases: {
    name: RawEvent["phases"][number]["name"];
    date: string;
    precision: "DAY" | "MONTH" | "YEAR";
    dateNote?: string | null;
  }[];
  exclude?: string[] | null;
};

export async function createEvent(db: Db, slug: string, input: EventInput): Promise<TimelineEvent> {
  const event = await checkedEvent(db, slug, input);
  if (!(await catalog.insertEvent(db, event))) {
    throw new InvalidInputError(`\`slug\`: an event "${slug}" already exists; use updateEvent to change it.`);
  }
  await catalog.markCatalogChanged(db);
  return event;
}

export async function updateEvent(db: Db, slug: string, input: EventInput): Promise<TimelineEvent> {
  const event = await checkedEvent(db, slug, input);
  if (!(await catalog.replaceEvent(db, event))) throw new EntityNotFoundError(`No event with slug "${slug}".`);
  await catalog.markCatalogChanged(db);
  return event;
}

export async function deleteEvent(db: Db, slug: string): Promise<string> {
  if (!(await catalog.deleteEvent(db, checkSlug("slug", slug)))) {
    throw new EntityNotFoundError(`No event with slug "${slug}".`);
  }
  await catalog.markCatalogChanged(db);
  return slug;
}

async function checkedEvent(db: Db, slug: string, input: EventInput): Promise<TimelineEvent> {
  const raw = {
    ...input,
    slug,
    phases: input.phases.map(({ dateNote, ...phase }) => (dateNote ? { ...phase, dateNote } : phase)),
    exclude: input.exclude ?? [],
  };
  const parsed = eventEntry.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`);
    throw new InvalidInputError(`Invalid event: ${problems.join("; ")}.`);
  }
  const [hypervisors, vendors] = await Promise.all([
    catalog.findHypervisorsBySlugs(db, parsed.data.hypervisors),
    catalog.findVendorsBySlugs(db, parsed.data.vendors),
  ]);
  const unknown = [
    ...parsed.data.hypervisors.filter((s) => !hypervisors.some((h) => h.slug === s)).map((s) => `hypervisor "${s}"`),
    ...parsed.data.vendors.filter((s) => !vendors.some((v) => v.slug === s)).map((s) => `vendor "${s}"`),
  ];
  if (unknown.length > 0) throw new InvalidInputError(`Invalid event: unknown ${unknown.join(", ")}.`);
  return eventOf(parsed.data);
}
