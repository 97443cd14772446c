import type { Db } from "mongodb";

import type { DatePrecision, TimelineEvent } from "../model/catalog.js";
import type { CollectionIndexes } from "./collection-indexes.js";

export const EVENTS = "events";

/** Storage shape of a dated event; the slug is the natural key. */
export interface EventDoc {
  _id: string;
  slug: string;
  title: string;
  kind: string;
  phases: { name: string; date: Date; precision: DatePrecision }[];
}

export const eventIndexes: CollectionIndexes = {
  collection: EVENTS,
  indexes: [
    { name: "slug_unique", key: { slug: 1 }, unique: true },
    { name: "phases_date", key: { "phases.date": 1 } },
  ],
};

export const eventsCollection = (db: Db) => db.collection<EventDoc>(EVENTS);

export function eventFromDoc(doc: EventDoc): TimelineEvent {
  return { slug: doc.slug, title: doc.title, kind: doc.kind, phases: doc.phases };
}
