import type { Db } from "mongodb";

import type { DatePrecision, EventKind, EventPhaseName, TimelineEvent } from "../model/catalog.js";
import type { CollectionIndexes } from "./collection-indexes.js";
import { type SourceDoc, sourceFromDoc, sourceToDoc } from "./hypervisors.js";

export const EVENTS = "events";

interface EventPhaseDoc {
  name: EventPhaseName;
  date: Date;
  precision: DatePrecision;
  dateNote: string | null;
}

/** Storage shape of a dated event; the slug is the natural key. */
export interface EventDoc {
  _id: string;
  slug: string;
  title: string;
  kind: EventKind;
  phases: EventPhaseDoc[];
  hypervisors: string[];
  vendors: string[];
  /** One object per pattern: FerretDB 1.x cannot store nested arrays (test/compat/FERRETDB.md). */
  patterns: { terms: string[] }[];
  exclude: string[];
  sources: SourceDoc[];
  /**
   * "api" for an event created through the API. Loading the catalog files leaves events with
   * other slugs alone, and replaces one whose slug the files list (the files win).
   */
  origin?: "api";
}

export const eventIndexes: CollectionIndexes = {
  collection: EVENTS,
  indexes: [
    { name: "slug_unique", key: { slug: 1 }, unique: true },
    { name: "phases_date", key: { "phases.date": 1 } },
  ],
};

export const eventsCollection = (db: Db) => db.collection<EventDoc>(EVENTS);

export function eventToDoc(event: TimelineEvent): EventDoc {
  return {
    _id: event.slug,
    slug: event.slug,
    title: event.title,
    kind: event.kind,
    phases: event.phases.map((phase) => ({
      name: phase.name,
      date: phase.date,
      precision: phase.precision,
      dateNote: phase.dateNote,
    })),
    hypervisors: [...event.hypervisors],
    vendors: [...event.vendors],
    patterns: event.patterns.map((pattern) => ({ terms: [...pattern] })),
    exclude: [...event.exclude],
    sources: event.sources.map(sourceToDoc),
  };
}

export function eventFromDoc(doc: EventDoc): TimelineEvent {
  return {
    slug: doc.slug,
    title: doc.title,
    kind: doc.kind,
    phases: doc.phases.map((phase) => ({
      name: phase.name,
      date: phase.date,
      precision: phase.precision,
      dateNote: phase.dateNote,
    })),
    hypervisors: [...doc.hypervisors],
    vendors: [...doc.vendors],
    patterns: doc.patterns.map((pattern) => [...pattern.terms]),
    exclude: [...doc.exclude],
    sources: doc.sources.map(sourceFromDoc),
  };
}
