import type { z } from "zod";

import type { Catalog } from "../model/catalog.js";
import { CatalogError, type CatalogIssue } from "./catalog-error.js";
import { eventEntry, hypervisorEntry, topicEntry, vendorEntry } from "./catalog-schema.js";
import { eventOf, hypervisorOf, topicOf, vendorOf } from "./catalog-to-domain.js";
import { catalogVersionOf } from "./catalog-version.js";
import { crossCheck, type RawCatalog } from "./cross-check.js";

/** The catalog's files, by part. */
export const CATALOG_FILES = {
  hypervisors: "hypervisors.json",
  vendors: "vendors.json",
  topics: "topics.json",
  events: "events.json",
} as const;

export type CatalogPart = keyof typeof CATALOG_FILES;

/** The text of each catalog file, as read from disk (or written by a test). */
export type CatalogTexts = Record<CatalogPart, string>;

/**
 * Validates the catalog files and maps them to the domain. Every problem of every file is
 * collected before failing, so one run of the loader shows the reviewer the whole list.
 * @throws CatalogError naming the file, the entry's slug and the field of each problem.
 */
export function parseCatalog(texts: CatalogTexts): Catalog {
  const issues: CatalogIssue[] = [];
  const raw: RawCatalog = {
    hypervisors: parseFile(CATALOG_FILES.hypervisors, texts.hypervisors, hypervisorEntry, issues),
    vendors: parseFile(CATALOG_FILES.vendors, texts.vendors, vendorEntry, issues),
    topics: parseFile(CATALOG_FILES.topics, texts.topics, topicEntry, issues),
    events: parseFile(CATALOG_FILES.events, texts.events, eventEntry, issues),
  };
  if (issues.length === 0) issues.push(...crossCheck(raw));
  if (issues.length > 0) throw new CatalogError(issues);
  return {
    version: catalogVersionOf(raw),
    hypervisors: raw.hypervisors.map(hypervisorOf),
    vendors: raw.vendors.map(vendorOf),
    topics: raw.topics.map(topicOf),
    events: raw.events.map(eventOf),
  };
}

function parseFile<S extends z.ZodType>(file: string, text: string, schema: S, issues: CatalogIssue[]): z.output<S>[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    issues.push({ file, slug: "", field: "", message: `not valid JSON: ${(error as Error).message}` });
    return [];
  }
  if (!Array.isArray(json)) {
    issues.push({ file, slug: "", field: "", message: "expected a JSON array of entries" });
    return [];
  }
  const entries: z.output<S>[] = [];
  json.forEach((entry: unknown, index) => {
    const result = schema.safeParse(entry);
    if (result.success) {
      entries.push(result.data);
      return;
    }
    const slug = slugOf(entry) ?? `#${index}`;
    for (const issue of result.error.issues) {
      issues.push({ file, slug, field: issue.path.map(String).join("."), message: issue.message });
    }
  });
  return entries;
}

function slugOf(entry: unknown): string | null {
  if (entry === null || typeof entry !== "object") return null;
  const slug = (entry as { slug?: unknown }).slug;
  return typeof slug === "string" && slug !== "" ? slug : null;
}
