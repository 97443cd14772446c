import type { Db } from "mongodb";

import type { Catalog } from "../model/catalog.js";
import { listEvents, listHypervisors, listTopics, listVendors } from "../store/catalog-queries.js";
import { catalogVersionOf } from "./catalog-version.js";

const bySlug = <T extends { slug: string }>(a: T, b: T) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

/**
 * The catalog as the database holds it: the committed files as loaded, plus the API's edits
 * (aliases, events). Its version is the hash of that content, so it changes exactly when the
 * stored catalog does, and articles linked with an older one are re-linked (src/catalog/relink.ts).
 * It differs from the files' version whenever the database holds anything the files do not.
 */
export async function readStoredCatalog(db: Db): Promise<Catalog> {
  const [hypervisors, vendors, topics, events] = await Promise.all([
    listHypervisors(db),
    listVendors(db),
    listTopics(db),
    listEvents(db),
  ]);
  const content = {
    hypervisors: hypervisors.sort(bySlug),
    vendors: vendors.sort(bySlug),
    topics: topics.sort(bySlug),
    events: events.sort(bySlug),
  };
  // Through JSON first: the hash's canonical form has no notion of Date (it would hash as {}).
  return { version: catalogVersionOf(JSON.parse(JSON.stringify(content))), ...content };
}

/** True when nothing of the catalog is stored (a database the files were never loaded into). */
export const isEmptyCatalog = (catalog: Catalog): boolean =>
  catalog.hypervisors.length + catalog.vendors.length + catalog.topics.length + catalog.events.length === 0;
