import type { AnyBulkWriteOperation, Collection, Db, Filter } from "mongodb";

import type {
  Alias,
  AliasContext,
  ArchitectureStyle,
  DatePrecision,
  FactChange,
  HardwareAssistRequirement,
  Hypervisor,
  HypervisorKind,
  PartialDate,
  SourceRef,
} from "../model/catalog.js";
import type { CollectionIndexes } from "./collection-indexes.js";

export const HYPERVISORS = "hypervisors";

/*
 * Sub-documents shared by the catalog collections (hypervisors, vendors, topics, events).
 * They mirror the domain types field by field today, but are declared here so that a change
 * of the domain does not silently change what is stored.
 */

export interface PartialDateDoc {
  date: Date;
  precision: DatePrecision;
}

export interface SourceDoc {
  url: string;
  title: string;
}

export interface AliasContextDoc {
  rejectBefore: string[];
  rejectAfter: string[];
  rejectNear: string[];
  requireInArticle: string[];
  requireCapitalized: boolean;
  window: number;
}

export interface AliasDoc {
  text: string;
  validFrom: Date | null;
  validTo: Date | null;
  confidence: number;
  context: AliasContextDoc | null;
  note: string | null;
  /**
   * "api" for an alias added through the API (an overlay on the committed catalog): loading the
   * catalog files keeps it. Absent on aliases from the files.
   */
  origin?: "api";
}

interface FactChangeDoc {
  version: string;
  date: PartialDateDoc | null;
  note: string;
}

/** Storage shape of a catalog hypervisor; the slug is the natural key. */
export interface HypervisorDoc {
  _id: string;
  slug: string;
  name: string;
  kind: HypervisorKind;
  vendors: { vendor: string; from: Date | null; to: Date | null }[];
  firstRelease: PartialDateDoc | null;
  firstReleaseNote: string | null;
  homepage: string | null;
  aliases: AliasDoc[];
  facts: {
    architecture: { style: ArchitectureStyle; controlDomain: string | null; changes: FactChangeDoc[] };
    hardwareAssist: { requirement: HardwareAssistRequirement; changes: FactChangeDoc[] };
    paravirtualization: { supports: string[]; changes: FactChangeDoc[] };
  };
  sources: SourceDoc[];
}

export const hypervisorIndexes: CollectionIndexes = {
  collection: HYPERVISORS,
  indexes: [{ name: "slug_unique", key: { slug: 1 }, unique: true }],
};

export const hypervisorsCollection = (db: Db) => db.collection<HypervisorDoc>(HYPERVISORS);

export const partialDateToDoc = (value: PartialDate): PartialDateDoc => ({
  date: value.date,
  precision: value.precision,
});
export const partialDateFromDoc = (doc: PartialDateDoc): PartialDate => ({ date: doc.date, precision: doc.precision });
export const sourceToDoc = (source: SourceRef): SourceDoc => ({ url: source.url, title: source.title });
export const sourceFromDoc = (doc: SourceDoc): SourceRef => ({ url: doc.url, title: doc.title });

const contextToDoc = (context: AliasContext): AliasContextDoc => ({
  rejectBefore: [...context.rejectBefore],
  rejectAfter: [...context.rejectAfter],
  rejectNear: [...context.rejectNear],
  requireInArticle: [...context.requireInArticle],
  requireCapitalized: context.requireCapitalized,
  window: context.window,
});

export const aliasToDoc = (alias: Alias): AliasDoc => ({
  text: alias.text,
  validFrom: alias.validFrom,
  validTo: alias.validTo,
  confidence: alias.confidence,
  context: alias.context ? contextToDoc(alias.context) : null,
  note: alias.note,
});

export const aliasFromDoc = (doc: AliasDoc): Alias => ({
  text: doc.text,
  validFrom: doc.validFrom,
  validTo: doc.validTo,
  confidence: doc.confidence,
  context: doc.context ? { ...doc.context } : null,
  note: doc.note,
});

const changeToDoc = (change: FactChange): FactChangeDoc => ({
  version: change.version,
  date: change.date ? partialDateToDoc(change.date) : null,
  note: change.note,
});

const changeFromDoc = (doc: FactChangeDoc): FactChange => ({
  version: doc.version,
  date: doc.date ? partialDateFromDoc(doc.date) : null,
  note: doc.note,
});

export function hypervisorToDoc(hypervisor: Hypervisor): HypervisorDoc {
  const { architecture, hardwareAssist, paravirtualization } = hypervisor.facts;
  return {
    _id: hypervisor.slug,
    slug: hypervisor.slug,
    name: hypervisor.name,
    kind: hypervisor.kind,
    vendors: hypervisor.vendors.map((tenure) => ({ vendor: tenure.vendor, from: tenure.from, to: tenure.to })),
    firstRelease: hypervisor.firstRelease ? partialDateToDoc(hypervisor.firstRelease) : null,
    firstReleaseNote: hypervisor.firstReleaseNote,
    homepage: hypervisor.homepage,
    aliases: hypervisor.aliases.map(aliasToDoc),
    facts: {
      architecture: {
        style: architecture.style,
        controlDomain: architecture.controlDomain,
        changes: architecture.changes.map(changeToDoc),
      },
      hardwareAssist: { requirement: hardwareAssist.requirement, changes: hardwareAssist.changes.map(changeToDoc) },
      paravirtualization: {
        supports: [...paravirtualization.supports],
        changes: paravirtualization.changes.map(changeToDoc),
      },
    },
    sources: hypervisor.sources.map(sourceToDoc),
  };
}

export function hypervisorFromDoc(doc: HypervisorDoc): Hypervisor {
  const { architecture, hardwareAssist, paravirtualization } = doc.facts;
  return {
    slug: doc.slug,
    name: doc.name,
    kind: doc.kind,
    vendors: doc.vendors.map((tenure) => ({ vendor: tenure.vendor, from: tenure.from, to: tenure.to })),
    firstRelease: doc.firstRelease ? partialDateFromDoc(doc.firstRelease) : null,
    firstReleaseNote: doc.firstReleaseNote,
    homepage: doc.homepage,
    aliases: doc.aliases.map(aliasFromDoc),
    facts: {
      architecture: {
        style: architecture.style,
        controlDomain: architecture.controlDomain,
        changes: architecture.changes.map(changeFromDoc),
      },
      hardwareAssist: { requirement: hardwareAssist.requirement, changes: hardwareAssist.changes.map(changeFromDoc) },
      paravirtualization: {
        supports: [...paravirtualization.supports],
        changes: paravirtualization.changes.map(changeFromDoc),
      },
    },
    sources: doc.sources.map(sourceFromDoc),
  };
}

/** What writing a set of catalog documents did. */
export interface CatalogWriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Writes catalog documents by `_id` (the slug), touching only those that are new or differ
 * from what is stored, so loading the same catalog twice writes nothing the second time.
 * Documents absent from `docs` are left alone (a renamed slug leaves its old document).
 * `withOverlays` puts back what the stored document keeps over the incoming one (aliases added
 * through the API) before comparing, so a reload keeps them and still reports "unchanged".
 */
export async function writeChangedCatalogDocs<T extends { _id: string }>(
  collection: Collection<T>,
  docs: readonly T[],
  withOverlays: (incoming: T, stored: T) => T = (incoming) => incoming,
): Promise<CatalogWriteCounts> {
  const counts: CatalogWriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  try {
    const ids = docs.map((doc) => doc._id);
    const stored = await collection.find({ _id: { $in: ids } } as Filter<T>).toArray();
    const storedById = new Map<string, unknown>(stored.map((doc) => [String(doc._id), doc]));
    const writes: AnyBulkWriteOperation<T>[] = [];
    for (const incoming of docs) {
      const before = storedById.get(incoming._id) as T | undefined;
      const doc = before === undefined ? incoming : withOverlays(incoming, before);
      if (before !== undefined && sameContent(before, doc)) {
        counts.unchanged++;
        continue;
      }
      if (before === undefined) counts.inserted++;
      else counts.updated++;
      writes.push({
        replaceOne: { filter: { _id: doc._id } as Filter<T>, replacement: doc, upsert: true },
      });
    }
    if (writes.length > 0) await collection.bulkWrite(writes, { ordered: false });
    return counts;
  } catch (error) {
    throw new Error(`store: unable to write ${collection.collectionName}: ${String(error)}`, { cause: error });
  }
}

/** Equal content whatever the key order (the server may not keep it). Dates compare as ISO text. */
function sameContent(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date || value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, child]) => [key, sortKeys(child)]));
}
