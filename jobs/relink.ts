import type { Db } from "mongodb";

import { refreshCatalogLinks, type RefreshCatalogLinksResult } from "../src/catalog/refresh-catalog-links.js";
import type { Logger } from "../src/log/logger.js";

export interface RelinkJobDeps {
  db: Db;
  logger: Logger;
  /** Folder of the catalog files (default: schema/catalog). */
  catalogDir?: string;
  /** Stops the run between batches at shutdown; the next run resumes. */
  signal?: AbortSignal;
}

/**
 * The relink job for the crontab: syncs the committed catalog into the database (API aliases
 * and events stay) and re-links articles linked with another version of the stored catalog,
 * logging progress per batch.
 * A no-op (one count query) when every article is current.
 */
export async function runRelinkJob(deps: RelinkJobDeps): Promise<RefreshCatalogLinksResult> {
  const log = deps.logger.child({ job: "relink-articles" });
  const result = await refreshCatalogLinks(
    { db: deps.db, ...(deps.catalogDir === undefined ? {} : { catalogDir: deps.catalogDir }) },
    {
      ...(deps.signal ? { signal: deps.signal } : {}),
      onProgress: (progress) => log.info(progress, "relink: batch done"),
    },
  );
  log.info({ catalog: result.catalog, relink: result.relink }, "relink: finished");
  return result;
}
