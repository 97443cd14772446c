import type { Db } from "mongodb";

import type { Hypervisor } from "../model/catalog.js";
import type { CollectionIndexes } from "./collection-indexes.js";

export const HYPERVISORS = "hypervisors";

/** Storage shape of a catalog hypervisor; the slug is the natural key. */
export interface HypervisorDoc {
  _id: string;
  slug: string;
  name: string;
}

export const hypervisorIndexes: CollectionIndexes = {
  collection: HYPERVISORS,
  indexes: [{ name: "slug_unique", key: { slug: 1 }, unique: true }],
};

export const hypervisorsCollection = (db: Db) => db.collection<HypervisorDoc>(HYPERVISORS);

export function hypervisorFromDoc(doc: HypervisorDoc): Hypervisor {
  return { slug: doc.slug, name: doc.name };
}
