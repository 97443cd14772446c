import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type { Catalog } from "../model/catalog.js";
import { CatalogError, type CatalogIssue } from "./catalog-error.js";
import { CATALOG_FILES, type CatalogPart, type CatalogTexts, parseCatalog } from "./parse-catalog.js";

/** Where the committed catalog lives: schema/catalog at the repository root. */
export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL("../../schema/catalog/", import.meta.url));

/**
 * Reads and validates the catalog files of a folder.
 * @throws CatalogError listing every file that cannot be read, or every entry that does not validate.
 */
export async function readCatalog(dir: string = DEFAULT_CATALOG_DIR): Promise<Catalog> {
  const parts = Object.keys(CATALOG_FILES) as CatalogPart[];
  const results = await Promise.allSettled(parts.map((part) => readFile(join(dir, CATALOG_FILES[part]), "utf8")));
  const issues: CatalogIssue[] = [];
  const texts: Partial<CatalogTexts> = {};
  results.forEach((result, index) => {
    const part = parts[index] as CatalogPart;
    if (result.status === "fulfilled") texts[part] = result.value;
    else {
      issues.push({ file: CATALOG_FILES[part], slug: "", field: "", message: `cannot read: ${String(result.reason)}` });
    }
  });
  if (issues.length > 0) throw new CatalogError(issues);
  return parseCatalog(texts as CatalogTexts);
}
