import type { Db } from "mongodb";

import type { Catalog } from "../model/catalog.js";
import { markCatalogChanged } from "../store/catalog-queries.js";
import { eventsCollection, eventToDoc } from "../store/events.js";
import {
  type CatalogWriteCounts,
  hypervisorsCollection,
  hypervisorToDoc,
  writeChangedCatalogDocs,
} from "../store/hypervisors.js";
import { topicsCollection, topicToDoc } from "../store/topics.js";
import { vendorsCollection, vendorToDoc } from "../store/vendors.js";
import { keepApiAliases } from "./keep-api-aliases.js";

/** What loading the catalog changed in each collection. */
export interface LoadCatalogResult {
  version: string;
  hypervisors: CatalogWriteCounts;
  vendors: CatalogWriteCounts;
  topics: CatalogWriteCounts;
  events: CatalogWriteCounts;
}

/**
 * Upserts every catalog entry by slug into the hypervisors, vendors, topics and events
 * collections. Idempotent: only new or changed entries are written, so loading the same
 * catalog again reports everything unchanged. Entries removed from the files stay stored, and
 * so do events created through the API under slugs of their own. The files win for the entries
 * they list, except that aliases added through the API are kept on the entries rewritten.
 * When something was written, the stored catalog's change token moves (linkers rebuild).
 */
export async function loadCatalog(db: Db, catalog: Catalog): Promise<LoadCatalogResult> {
  const result: LoadCatalogResult = {
    version: catalog.version,
    hypervisors: await writeChangedCatalogDocs(
      hypervisorsCollection(db),
      catalog.hypervisors.map(hypervisorToDoc),
      keepApiAliases,
    ),
    vendors: await writeChangedCatalogDocs(vendorsCollection(db), catalog.vendors.map(vendorToDoc), keepApiAliases),
    topics: await writeChangedCatalogDocs(topicsCollection(db), catalog.topics.map(topicToDoc), keepApiAliases),
    events: await writeChangedCatalogDocs(eventsCollection(db), catalog.events.map(eventToDoc)),
  };
  const parts = [result.hypervisors, result.vendors, result.topics, result.events];
  if (parts.some((counts) => counts.inserted + counts.updated > 0)) await markCatalogChanged(db);
  return result;
}
