import type { Db } from "mongodb";

import type { Catalog } from "../model/catalog.js";
import { eventsCollection, eventToDoc } from "../store/events.js";
import {
  type CatalogWriteCounts,
  hypervisorsCollection,
  hypervisorToDoc,
  writeChangedCatalogDocs,
} from "../store/hypervisors.js";
import { topicsCollection, topicToDoc } from "../store/topics.js";
import { vendorsCollection, vendorToDoc } from "../store/vendors.js";

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
 * catalog again reports everything unchanged. Entries removed from the files stay stored.
 */
export async function loadCatalog(db: Db, catalog: Catalog): Promise<LoadCatalogResult> {
  return {
    version: catalog.version,
    hypervisors: await writeChangedCatalogDocs(hypervisorsCollection(db), catalog.hypervisors.map(hypervisorToDoc)),
    vendors: await writeChangedCatalogDocs(vendorsCollection(db), catalog.vendors.map(vendorToDoc)),
    topics: await writeChangedCatalogDocs(topicsCollection(db), catalog.topics.map(topicToDoc)),
    events: await writeChangedCatalogDocs(eventsCollection(db), catalog.events.map(eventToDoc)),
  };
}
