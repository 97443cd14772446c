import { type Db, MongoServerError } from "mongodb";

import { articleQueryIndexes } from "./article-queries.js";
import { articleIndexes } from "./articles.js";
import type { CollectionIndexes } from "./collection-indexes.js";
import { eventIndexes } from "./events.js";
import { feedIndexes } from "./feeds.js";
import { hypervisorIndexes } from "./hypervisors.js";
import { topicIndexes } from "./topics.js";
import { vendorIndexes } from "./vendors.js";

/** Every collection's declared indexes. Each repository module owns its own list. */
export const ALL_INDEXES: readonly CollectionIndexes[] = [
  feedIndexes,
  articleIndexes,
  hypervisorIndexes,
  vendorIndexes,
  eventIndexes,
  topicIndexes,
  articleQueryIndexes,
];

const NAMESPACE_NOT_FOUND = 26;

/**
 * Creates the declared indexes that do not exist yet; runs at every start-up.
 *
 * It lists first instead of relying on createIndexes being a no-op for existing indexes: that
 * holds on MongoDB, but FerretDB 1.24 drops the connection when asked to re-create several
 * existing indexes (test/compat/FERRETDB.md). Listing also catches a changed declaration.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  for (const { collection, indexes } of ALL_INDEXES) {
    try {
      const existing = await listIndexesOrEmpty(db, collection);
      for (const declared of indexes) {
        const found = existing.find((index) => index.name === declared.name);
        if (found && JSON.stringify(found.key) !== JSON.stringify(declared.key)) {
          throw new Error(
            `index ${declared.name} exists with key ${JSON.stringify(found.key)}, declared ${JSON.stringify(declared.key)}; drop it to rebuild`,
          );
        }
      }
      const missing = indexes.filter((declared) => !existing.some((index) => index.name === declared.name));
      if (missing.length > 0) await db.collection(collection).createIndexes(missing);
    } catch (error) {
      throw new Error(`store: unable to create indexes on ${collection}: ${String(error)}`, { cause: error });
    }
  }
}

/** What listIndexes reports of one index, narrowed from the driver's untyped documents. */
export interface IndexInfo {
  name: string;
  key: unknown;
  unique: boolean;
}

/** The collection's indexes; an empty list when the collection does not exist yet. */
export async function listIndexesOrEmpty(db: Db, collection: string): Promise<IndexInfo[]> {
  try {
    const indexes: unknown[] = await db.collection(collection).listIndexes().toArray();
    return indexes.map((index) => {
      const { name, key, unique } = index as { name?: unknown; key?: unknown; unique?: unknown };
      return { name: String(name), key, unique: unique === true };
    });
  } catch (error) {
    if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return [];
    throw error;
  }
}
