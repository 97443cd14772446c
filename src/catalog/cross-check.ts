import { phraseKey } from "../linking/normalize.js";
import type { CatalogIssue } from "./catalog-error.js";
import type { RawAlias, RawEvent, RawHypervisor, RawTopic, RawVendor } from "./catalog-schema.js";

/** The schema-valid entries of every catalog file. */
export interface RawCatalog {
  hypervisors: RawHypervisor[];
  vendors: RawVendor[];
  topics: RawTopic[];
  events: RawEvent[];
}

type Report = (file: string, slug: string, field: string, message: string) => void;

/**
 * Rules that span fields or files and that the per-entry schema cannot see: unique slugs,
 * references to other entries, spans in order, phrases that can match text.
 */
export function crossCheck(catalog: RawCatalog): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const report: Report = (file, slug, field, message) => issues.push({ file, slug, field, message });
  checkUniqueSlugs("hypervisors.json", catalog.hypervisors, report);
  checkUniqueSlugs("vendors.json", catalog.vendors, report);
  checkUniqueSlugs("topics.json", catalog.topics, report);
  checkUniqueSlugs("events.json", catalog.events, report);

  const vendorSlugs = new Set(catalog.vendors.map((vendor) => vendor.slug));
  const hypervisorSlugs = new Set(catalog.hypervisors.map((hypervisor) => hypervisor.slug));
  const anySlug = new Set([...vendorSlugs, ...hypervisorSlugs, ...catalog.topics.map((topic) => topic.slug)]);

  for (const hypervisor of catalog.hypervisors) {
    const at = (field: string, message: string) => report("hypervisors.json", hypervisor.slug, field, message);
    checkAliases(hypervisor.aliases, at);
    hypervisor.vendors.forEach((tenure, index) => {
      if (!vendorSlugs.has(tenure.vendor)) at(`vendors.${index}.vendor`, `unknown vendor slug "${tenure.vendor}"`);
      checkSpan(tenure.from, tenure.to, `vendors.${index}`, at);
    });
  }
  for (const vendor of catalog.vendors) {
    checkAliases(vendor.aliases, (f, m) => report("vendors.json", vendor.slug, f, m));
  }
  for (const topic of catalog.topics) checkAliases(topic.aliases, (f, m) => report("topics.json", topic.slug, f, m));
  for (const event of catalog.events) {
    checkEvent(event, { hypervisorSlugs, vendorSlugs, anySlug }, (f, m) => report("events.json", event.slug, f, m));
  }
  return issues;
}

function checkUniqueSlugs(file: string, entries: { slug: string }[], report: Report): void {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (seen.has(entry.slug)) report(file, entry.slug, "slug", `duplicate slug (entry #${index})`);
    seen.add(entry.slug);
  });
}

type At = (field: string, message: string) => void;

function checkPhrase(phrase: string, field: string, at: At): void {
  if (phraseKey(phrase) === "") at(field, `"${phrase}" has no letters or digits to match`);
}

/** Dates are already calendar-checked by the schema; here only their order matters. */
function checkSpan(from: string | null | undefined, to: string | null | undefined, field: string, at: At): void {
  if (from && to && from > to) at(field, `starts (${from}) after it ends (${to})`);
}

function checkAliases(aliases: RawAlias[], at: At): void {
  const keys = new Set<string>();
  aliases.forEach((alias, index) => {
    const text = typeof alias === "string" ? alias : alias.text;
    checkPhrase(text, `aliases.${index}`, at);
    const key = phraseKey(text);
    if (keys.has(key)) at(`aliases.${index}`, `"${text}" repeats another alias of the entry`);
    keys.add(key);
    if (typeof alias === "string") return;
    checkSpan(alias.validFrom, alias.validTo, `aliases.${index}`, at);
    const context = alias.context;
    if (!context) return;
    for (const list of ["rejectBefore", "rejectAfter", "rejectNear", "requireInArticle"] as const) {
      context[list].forEach((phrase, position) =>
        checkPhrase(phrase, `aliases.${index}.context.${list}.${position}`, at),
      );
    }
  });
}

interface KnownSlugs {
  hypervisorSlugs: Set<string>;
  vendorSlugs: Set<string>;
  anySlug: Set<string>;
}

function checkEvent(event: RawEvent, known: KnownSlugs, at: At): void {
  event.hypervisors.forEach((slug, index) => {
    if (!known.hypervisorSlugs.has(slug)) at(`hypervisors.${index}`, `unknown hypervisor slug "${slug}"`);
  });
  event.vendors.forEach((slug, index) => {
    if (!known.vendorSlugs.has(slug)) at(`vendors.${index}`, `unknown vendor slug "${slug}"`);
  });
  event.patterns.forEach((pattern, index) =>
    pattern.forEach((term, position) => {
      const field = `patterns.${index}.${position}`;
      if (term.startsWith("@")) {
        if (!known.anySlug.has(term.slice(1))) at(field, `unknown slug "${term}"`);
      } else if (term !== "#kind") {
        term.split("|").forEach((phrase) => checkPhrase(phrase, field, at));
      }
    }),
  );
  event.exclude.forEach((phrase, index) => checkPhrase(phrase, `exclude.${index}`, at));
}
