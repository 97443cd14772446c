import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { CatalogError, type CatalogIssue } from "../../../src/catalog/catalog-error.js";
import { parseCatalog } from "../../../src/catalog/parse-catalog.js";
import { catalogTexts, eventEntry, hypervisorEntry, SOURCE, topicEntry, vendorEntry } from "./catalog-fixture.js";

const validEntries = () => ({
  hypervisors: [
    hypervisorEntry("widget-hv", ["Widget HV", { text: "Gizmo", validTo: "2009-12-31", confidence: 0.7 }], {
      vendors: [{ vendor: "widgetco", from: "2001-01-01", to: null }],
      firstRelease: { date: "2001-03", precision: "MONTH" },
    }),
  ],
  vendors: [vendorEntry("widgetco", ["WidgetCo"])],
  topics: [topicEntry("pricing", ["price"])],
  events: [eventEntry("widget-hv-1", { hypervisors: ["widget-hv"], patterns: [["@widget-hv", "#kind"]] })],
});

/** The issues parseCatalog reports for these entries (fails the test if it accepts them). */
function issuesOf(entries: Parameters<typeof catalogTexts>[0]): CatalogIssue[] {
  try {
    parseCatalog(catalogTexts(entries));
  } catch (error) {
    assert.ok(error instanceof CatalogError, String(error));
    assert.equal(error.code, "CATALOG_INVALID");
    return [...error.issues];
  }
  assert.fail("expected a CatalogError");
}

const where = (issue: CatalogIssue) => `${issue.file} [${issue.slug}] ${issue.field}`;

describe("parseCatalog", () => {
  it("maps valid files to the domain, with defaults", () => {
    const catalog = parseCatalog(catalogTexts(validEntries()));
    const [hypervisor] = catalog.hypervisors;
    assert.equal(hypervisor?.kind, "BARE_METAL");
    assert.deepEqual(hypervisor?.firstRelease, { date: new Date("2001-03-01T00:00:00Z"), precision: "MONTH" });
    assert.deepEqual(hypervisor?.aliases[0], {
      text: "Widget HV",
      validFrom: null,
      validTo: null,
      confidence: 0.9,
      context: null,
      note: null,
    });
    assert.deepEqual(hypervisor?.aliases[1]?.validTo, new Date("2009-12-31T00:00:00Z"));
    assert.equal(hypervisor?.facts.hardwareAssist.requirement, "OPTIONAL");
    assert.deepEqual(catalog.events[0]?.exclude, []);
    assert.deepEqual(catalog.events[0]?.sources, [SOURCE]);
  });

  const invalid: [string, (entries: ReturnType<typeof validEntries>) => void, string, RegExp][] = [
    [
      "a missing required field",
      (entries) => delete (entries.vendors[0] as { name?: string }).name,
      "vendors.json [widgetco] name",
      /expected string/,
    ],
    [
      "a date whose format does not match its precision",
      (entries) =>
        Object.assign(entries.hypervisors[0] as object, { firstRelease: { date: "2001-03-05", precision: "MONTH" } }),
      "hypervisors.json [widget-hv] firstRelease.date",
      /does not match its precision/,
    ],
    [
      "a date that is not on the calendar",
      (entries) =>
        Object.assign(entries.events[0] as object, {
          phases: [{ name: "released", date: "2007-02-30", precision: "DAY" }],
        }),
      "events.json [widget-hv-1] phases.0.date",
      /not a calendar date/,
    ],
    [
      "an unknown phase name",
      (entries) =>
        Object.assign(entries.events[0] as object, {
          phases: [{ name: "rumoured", date: "2007-02-01", precision: "DAY" }],
        }),
      "events.json [widget-hv-1] phases.0.name",
      /Invalid option/,
    ],
    [
      "an event without a source",
      (entries) => Object.assign(entries.events[0] as object, { sources: [] }),
      "events.json [widget-hv-1] sources",
      /at least one source/,
    ],
    [
      "a source that is not a web address",
      (entries) => Object.assign(entries.events[0] as object, { sources: [{ url: "ftp://x", title: "t" }] }),
      "events.json [widget-hv-1] sources.0.url",
      /URL/i,
    ],
    [
      "an unknown field (a typo)",
      (entries) => Object.assign(entries.topics[0] as object, { alias: ["x"] }),
      "topics.json [pricing] ",
      /Unrecognized key/,
    ],
    [
      "a malformed slug",
      (entries) => Object.assign(entries.vendors[0] as object, { slug: "Widget Co" }),
      "vendors.json [Widget Co] slug",
      /expected a slug/,
    ],
    [
      "a malformed pattern term",
      (entries) => Object.assign(entries.events[0] as object, { patterns: [["@Widget HV"]] }),
      "events.json [widget-hv-1] patterns.0.0",
      /expected '@slug'/,
    ],
  ];
  for (const [what, spoil, expectedWhere, message] of invalid) {
    it(`rejects ${what}, naming the file, the slug and the field`, () => {
      const entries = validEntries();
      spoil(entries);
      const issues = issuesOf(entries);
      const issue = issues.find((candidate) => where(candidate) === expectedWhere);
      assert.ok(issue, `no issue at "${expectedWhere}" in ${JSON.stringify(issues)}`);
      assert.match(issue.message, message);
    });
  }

  const crossFile: [string, (entries: ReturnType<typeof validEntries>) => void, string, RegExp][] = [
    [
      "a reference to an unknown vendor",
      (entries) =>
        Object.assign(entries.hypervisors[0] as object, { vendors: [{ vendor: "nobody", from: null, to: null }] }),
      "hypervisors.json [widget-hv] vendors.0.vendor",
      /unknown vendor slug "nobody"/,
    ],
    [
      "an event naming an unknown hypervisor",
      (entries) => Object.assign(entries.events[0] as object, { hypervisors: ["gizmo"] }),
      "events.json [widget-hv-1] hypervisors.0",
      /unknown hypervisor slug "gizmo"/,
    ],
    [
      "a pattern referring to an unknown entry",
      (entries) => Object.assign(entries.events[0] as object, { patterns: [["@gizmo"]] }),
      "events.json [widget-hv-1] patterns.0.0",
      /unknown slug "@gizmo"/,
    ],
    [
      "a duplicate slug",
      (entries) => entries.vendors.push(vendorEntry("widgetco", ["Other"])),
      "vendors.json [widgetco] slug",
      /duplicate slug/,
    ],
    [
      "a validity span that ends before it starts",
      (entries) =>
        ((entries.hypervisors[0] as { aliases: unknown[] }).aliases[1] = {
          text: "Gizmo",
          validFrom: "2010-01-01",
          validTo: "2009-01-01",
        }),
      "hypervisors.json [widget-hv] aliases.1",
      /starts \(2010-01-01\) after it ends/,
    ],
    [
      "an alias with nothing to match",
      (entries) => (entries.topics[0] as { aliases: unknown[] }).aliases.push("--"),
      "topics.json [pricing] aliases.1",
      /no letters or digits/,
    ],
    [
      "an alias repeating another in other letter case",
      (entries) => (entries.vendors[0] as { aliases: unknown[] }).aliases.push("WIDGETCO"),
      "vendors.json [widgetco] aliases.1",
      /repeats another alias/,
    ],
  ];
  for (const [what, spoil, expectedWhere, message] of crossFile) {
    it(`rejects ${what}`, () => {
      const entries = validEntries();
      spoil(entries);
      const issue = issuesOf(entries).find((candidate) => where(candidate) === expectedWhere);
      assert.ok(issue, `no issue at "${expectedWhere}"`);
      assert.match(issue.message, message);
    });
  }

  it("reports files that are not JSON arrays, and every problem at once", () => {
    const texts = catalogTexts(validEntries());
    const issues = (() => {
      try {
        parseCatalog({ ...texts, vendors: "{ not json", topics: "{}" });
      } catch (error) {
        return error instanceof CatalogError ? error.issues : [];
      }
      return [];
    })();
    assert.deepEqual(
      issues.map((issue) => [issue.file, issue.message.split(":")[0]]),
      [
        ["vendors.json", "not valid JSON"],
        ["topics.json", "expected a JSON array of entries"],
      ],
    );
  });

  it("says in the error message where each problem is", () => {
    const entries = validEntries();
    Object.assign(entries.events[0] as object, { hypervisors: ["gizmo"] });
    assert.throws(() => parseCatalog(catalogTexts(entries)), {
      message: /events\.json \[widget-hv-1\] field hypervisors\.0: unknown hypervisor slug "gizmo"/,
    });
  });
});

describe("catalog version", () => {
  it("does not change when only the layout of the files changes", () => {
    const entries = validEntries();
    const compact = catalogTexts(entries);
    const indented = {
      hypervisors: JSON.stringify(entries.hypervisors, null, 4),
      vendors: JSON.stringify(entries.vendors.map((vendor) => Object.fromEntries(Object.entries(vendor).reverse()))),
      topics: JSON.stringify(entries.topics, null, 1),
      events: JSON.stringify(entries.events, null, 2),
    };
    assert.equal(parseCatalog(compact).version, parseCatalog(indented).version);
  });

  it("changes when any content changes", () => {
    const entries = validEntries();
    const before = parseCatalog(catalogTexts(entries)).version;
    (entries.topics[0] as { aliases: unknown[] }).aliases.push("pricing");
    assert.notEqual(parseCatalog(catalogTexts(entries)).version, before);
  });
});
