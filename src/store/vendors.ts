import type { Db } from "mongodb";

import type { Vendor } from "../model/catalog.js";
import type { CollectionIndexes } from "./collection-indexes.js";

export const VENDORS = "vendors";

/** Storage shape of a catalog vendor; the slug is the natural key. */
export interface VendorDoc {
  _id: string;
  slug: string;
  name: string;
}

export const vendorIndexes: CollectionIndexes = {
  collection: VENDORS,
  indexes: [{ name: "slug_unique", key: { slug: 1 }, unique: true }],
};

export const vendorsCollection = (db: Db) => db.collection<VendorDoc>(VENDORS);

export function vendorFromDoc(doc: VendorDoc): Vendor {
  return { slug: doc.slug, name: doc.name };
}
