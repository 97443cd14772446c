import type { Db } from "mongodb";

import type { OwnershipChangeKind, Vendor } from "../model/catalog.js";
import type { CollectionIndexes } from "./collection-indexes.js";
import {
  type AliasDoc,
  aliasFromDoc,
  aliasToDoc,
  type PartialDateDoc,
  partialDateFromDoc,
  partialDateToDoc,
  type SourceDoc,
  sourceFromDoc,
  sourceToDoc,
} from "./hypervisors.js";

export const VENDORS = "vendors";

interface OwnershipChangeDoc {
  kind: OwnershipChangeKind;
  date: PartialDateDoc;
  owner: string;
  note: string | null;
  sources: SourceDoc[];
}

/** Storage shape of a catalog vendor; the slug is the natural key. */
export interface VendorDoc {
  _id: string;
  slug: string;
  name: string;
  homepage: string | null;
  aliases: AliasDoc[];
  ownership: OwnershipChangeDoc[];
}

export const vendorIndexes: CollectionIndexes = {
  collection: VENDORS,
  indexes: [{ name: "slug_unique", key: { slug: 1 }, unique: true }],
};

export const vendorsCollection = (db: Db) => db.collection<VendorDoc>(VENDORS);

export function vendorToDoc(vendor: Vendor): VendorDoc {
  return {
    _id: vendor.slug,
    slug: vendor.slug,
    name: vendor.name,
    homepage: vendor.homepage,
    aliases: vendor.aliases.map(aliasToDoc),
    ownership: vendor.ownership.map((change) => ({
      kind: change.kind,
      date: partialDateToDoc(change.date),
      owner: change.owner,
      note: change.note,
      sources: change.sources.map(sourceToDoc),
    })),
  };
}

export function vendorFromDoc(doc: VendorDoc): Vendor {
  return {
    slug: doc.slug,
    name: doc.name,
    homepage: doc.homepage,
    aliases: doc.aliases.map(aliasFromDoc),
    ownership: doc.ownership.map((change) => ({
      kind: change.kind,
      date: partialDateFromDoc(change.date),
      owner: change.owner,
      note: change.note,
      sources: change.sources.map(sourceFromDoc),
    })),
  };
}
