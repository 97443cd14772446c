import type { Db } from "mongodb";

import type { LinkerOptions } from "../linking/linker-options.js";
import { loadCatalog, type LoadCatalogResult } from "./load-catalog.js";
import { readCatalog } from "./read-catalog.js";
import { relinkArticles, type RelinkOptions, type RelinkSummary } from "./relink.js";
import { linkerForStoredCatalog } from "./stored-catalog-linker.js";

export interface RefreshCatalogLinksDeps {
  db: Db;
  /** Folder of the catalog files (default: schema/catalog). */
  catalogDir?: string;
  linkerOptions?: Partial<LinkerOptions>;
}

export interface RefreshCatalogLinksResult {
  catalog: LoadCatalogResult;
  relink: RelinkSummary;
}

/**
 * Brings the database in line with the committed catalog: validates the files, upserts the
 * entries (keeping the API's aliases and events), then re-links every article linked with
 * another version of the stored catalog (files + API edits), so API edits reach old articles too.
 * @throws CatalogError when the files do not validate (nothing is written then).
 */
export async function refreshCatalogLinks(
  deps: RefreshCatalogLinksDeps,
  options: RelinkOptions = {},
): Promise<RefreshCatalogLinksResult> {
  const catalog = await readCatalog(deps.catalogDir);
  const loaded = await loadCatalog(deps.db, catalog);
  const linker = await linkerForStoredCatalog(deps.db, {
    ...(deps.linkerOptions ? { linkerOptions: deps.linkerOptions } : {}),
  });
  const relink = await relinkArticles({ db: deps.db, linker }, options);
  return { catalog: loaded, relink };
}
