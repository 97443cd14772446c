import type { Db } from "mongodb";

import { createLinker } from "../linking/create-linker.js";
import type { LinkerOptions } from "../linking/linker-options.js";
import type { Catalog } from "../model/catalog.js";
import type { Linker } from "../model/links.js";
import { readCatalogChangeToken } from "../store/catalog-queries.js";
import { isEmptyCatalog, readStoredCatalog } from "./read-stored-catalog.js";

export interface StoredCatalogLinkerOptions {
  linkerOptions?: Partial<LinkerOptions>;
  /**
   * The catalog to link with while the database holds none (e.g. the ingest CLI on a database
   * the files were never loaded into). Without it such a linker links nothing.
   */
  whenEmpty?: () => Promise<Catalog>;
}

/** A linker over the stored catalog (files + API edits) that follows the catalog's changes. */
export interface StoredCatalogLinker {
  /** Delegates to the latest build: hand it out once, where a Linker is expected. */
  readonly linker: Linker;
  /**
   * Rebuilds the linker when the stored catalog changed since the last build; otherwise costs
   * one read by `_id` (the catalog's change token). True when it rebuilt.
   */
  refresh(): Promise<boolean>;
}

/** A linker over the catalog the database holds now. */
export async function linkerForStoredCatalog(db: Db, options: StoredCatalogLinkerOptions = {}): Promise<Linker> {
  const stored = await readStoredCatalog(db);
  const catalog = isEmptyCatalog(stored) && options.whenEmpty ? await options.whenEmpty() : stored;
  return createLinker(catalog, options.linkerOptions);
}

export async function openStoredCatalogLinker(
  db: Db,
  options: StoredCatalogLinkerOptions = {},
): Promise<StoredCatalogLinker> {
  // The token is read before the catalog: a change made in between moves the token again after
  // its write, so the next refresh sees it (at worst one needless rebuild).
  let token = await readCatalogChangeToken(db);
  let current = await linkerForStoredCatalog(db, options);
  const linker: Linker = {
    get catalogVersion() {
      return current.catalogVersion;
    },
    // Linking is synchronous, so one article's links and version always come from one build.
    link: (text) => current.link(text),
  };
  return {
    linker,
    async refresh() {
      const latest = await readCatalogChangeToken(db);
      if (latest === token) return false;
      current = await linkerForStoredCatalog(db, options);
      token = latest;
      return true;
    },
  };
}
