import { type CatalogTexts, parseCatalog } from "../../../src/catalog/parse-catalog.js";
import type { Catalog } from "../../../src/model/catalog.js";

/** A source every fixture entry can cite. */
export const SOURCE = { url: "https://example.org/source", title: "Example source" };

export function hypervisorEntry(slug: string, aliases: unknown[], extra: Record<string, unknown> = {}) {
  return {
    slug,
    name: `${slug} hypervisor`,
    kind: "bare-metal",
    vendors: [],
    firstRelease: null,
    homepage: null,
    aliases,
    facts: {
      architecture: { style: "monolithic", controlDomain: null },
      hardwareAssist: { requirement: "optional" },
      paravirtualization: { supports: [] },
    },
    sources: [SOURCE],
    ...extra,
  };
}

export const vendorEntry = (slug: string, aliases: unknown[], extra: Record<string, unknown> = {}) => ({
  slug,
  name: slug,
  homepage: null,
  aliases,
  ...extra,
});

export const topicEntry = (slug: string, aliases: unknown[]) => ({
  slug,
  name: slug,
  description: `About ${slug}`,
  aliases,
});

export function eventEntry(slug: string, fields: Record<string, unknown>) {
  return {
    slug,
    title: `Event ${slug}`,
    kind: "release",
    phases: [{ name: "released", date: "2010-01-01", precision: "DAY" }],
    hypervisors: [],
    vendors: [],
    patterns: [[`${slug} pattern`]],
    sources: [SOURCE],
    ...fields,
  };
}

/** Catalog files as text, from entry objects. */
export function catalogTexts(entries: {
  hypervisors?: unknown[];
  vendors?: unknown[];
  topics?: unknown[];
  events?: unknown[];
}): CatalogTexts {
  return {
    hypervisors: JSON.stringify(entries.hypervisors ?? []),
    vendors: JSON.stringify(entries.vendors ?? []),
    topics: JSON.stringify(entries.topics ?? []),
    events: JSON.stringify(entries.events ?? []),
  };
}

/**
 * A small catalog for linker tests: WidgetCo makes the Widget HV hypervisor, Acme buys
 * WidgetCo, and a few dated events with known windows.
 */
export function widgetCatalog(): Catalog {
  return parseCatalog(
    catalogTexts({
      hypervisors: [hypervisorEntry("widget-hv", ["Widget HV", "WHV"])],
      vendors: [vendorEntry("acme", ["Acme"]), vendorEntry("widgetco", ["WidgetCo"])],
      topics: [topicEntry("pricing", ["price", "pricing"])],
      events: [
        eventEntry("acme-buys-widgetco", {
          kind: "acquisition",
          phases: [
            { name: "announced", date: "2010-03-01", precision: "DAY" },
            { name: "closed", date: "2010-06-01", precision: "DAY" },
          ],
          hypervisors: ["widget-hv"],
          vendors: ["acme", "widgetco"],
          patterns: [["@acme", "@widgetco"]],
        }),
        eventEntry("widget-hv-2-released", {
          phases: [{ name: "released", date: "2011-05", precision: "MONTH" }],
          hypervisors: ["widget-hv"],
          vendors: ["widgetco"],
          patterns: [["widget hv 2"]],
          exclude: ["beta"],
        }),
        eventEntry("widget-hv-free", {
          kind: "licensing",
          phases: [{ name: "announced", date: "2010-04-20", precision: "DAY" }],
          hypervisors: ["widget-hv"],
          vendors: ["widgetco"],
          patterns: [["@widget-hv", "free"]],
        }),
        eventEntry("widgetco-v-chips", {
          kind: "hardware",
          phases: [{ name: "released", date: "2013-04-01", precision: "DAY" }],
          vendors: ["widgetco"],
          patterns: [["@widgetco", "widgetco-v"]],
        }),
        eventEntry("acme-rebrands", {
          kind: "announcement",
          phases: [{ name: "announced", date: "2014", precision: "YEAR" }],
          vendors: ["acme"],
          patterns: [["@acme", "#kind"]],
        }),
        eventEntry("codename-x", {
          phases: [{ name: "released", date: "2016-01-01", precision: "DAY" }],
          vendors: ["acme"],
          patterns: [["codename x"]],
        }),
      ],
    }),
  );
}
