import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createLinker } from "../../../src/linking/create-linker.js";
import { LinkerOptionsError } from "../../../src/linking/linker-options.js";
import type { ArticleLink, Linker } from "../../../src/model/links.js";
import { widgetCatalog } from "../catalog/catalog-fixture.js";

const catalog = widgetCatalog();
const linker = createLinker(catalog);

function events(on: Linker, title: string, at: string, summary = ""): ArticleLink[] {
  const publishedAt = new Date(at.length === 10 ? `${at}T12:00:00Z` : at);
  return on.link({ title, summary, content: "", categories: [], publishedAt }).filter((link) => link.kind === "EVENT");
}

const eventSlugs = (on: Linker, title: string, at: string, summary = "") =>
  events(on, title, at, summary).map((link) => link.slug);

describe("event windows", () => {
  const cases: [string, string, string[]][] = [
    ["30 days before the first phase", "2010-01-30", ["acme-buys-widgetco"]],
    ["31 days before the first phase", "2010-01-29", []],
    ["between two phases", "2010-04-15", ["acme-buys-widgetco"]],
    ["120 days after the last phase", "2010-09-29", ["acme-buys-widgetco"]],
    ["121 days after the last phase", "2010-09-30", []],
  ];
  for (const [what, date, expected] of cases) {
    it(`default window: ${what}`, () => assert.deepEqual(eventSlugs(linker, "Acme and WidgetCo talk", date), expected));
  }

  it("follows configured windows", () => {
    const narrow = createLinker(catalog, { windowBeforeDays: 0, windowAfterDays: 10 });
    assert.deepEqual(eventSlugs(narrow, "Acme and WidgetCo talk", "2010-06-11"), ["acme-buys-widgetco"]);
    assert.deepEqual(eventSlugs(narrow, "Acme and WidgetCo talk", "2010-06-12"), []);
    assert.deepEqual(eventSlugs(narrow, "Acme and WidgetCo talk", "2010-02-28"), []);
  });

  it("measures a month-precision phase from its whole month", () => {
    assert.deepEqual(eventSlugs(linker, "Widget HV 2 reviewed", "2011-04-01"), ["widget-hv-2-released"]);
    assert.deepEqual(eventSlugs(linker, "Widget HV 2 reviewed", "2011-03-31"), []);
    assert.deepEqual(eventSlugs(linker, "Widget HV 2 reviewed", "2011-09-28"), ["widget-hv-2-released"]);
    assert.deepEqual(eventSlugs(linker, "Widget HV 2 reviewed", "2011-09-30"), []);
  });

  it("measures a year-precision phase from its whole year", () => {
    assert.deepEqual(eventSlugs(linker, "Acme unveils a new logo", "2015-04-30"), ["acme-rebrands"]);
    assert.deepEqual(eventSlugs(linker, "Acme unveils a new logo", "2015-05-02"), []);
  });

  it("rejects options out of range", () => {
    assert.throws(() => createLinker(catalog, { minConfidence: 2 }), LinkerOptionsError);
    assert.throws(() => createLinker(catalog, { windowAfterDays: -1 }), LinkerOptionsError);
    assert.throws(() => createLinker(catalog, { maxEvidence: 0 }), LinkerOptionsError);
  });
});

describe("event relations", () => {
  const relation = (title: string, date: string) => events(linker, title, date)[0]?.relation;

  it("ANNOUNCES: announcing words within a day of a phase", () => {
    assert.equal(relation("Acme announces it will buy WidgetCo", "2010-03-01"), "ANNOUNCES");
    assert.equal(relation("Acme completes WidgetCo purchase", "2010-06-02"), "ANNOUNCES");
  });

  it("REPORTS: coverage in the window without other cues", () => {
    assert.equal(relation("Acme and WidgetCo integrate sales teams", "2010-04-01"), "REPORTS");
  });

  it("ANALYZES: reviews and analysis", () => {
    assert.equal(relation("Why Acme wants WidgetCo", "2010-03-05"), "ANALYZES");
    assert.equal(relation("Acme versus WidgetCo customers: a comparison", "2010-03-20"), "ANALYZES");
  });

  it("no relation for a preview before the first phase", () => {
    assert.equal(relation("Acme eyes WidgetCo", "2010-02-10"), null);
  });

  it("RETROSPECTIVE: a dated look back long after, with lower confidence", () => {
    const [link] = events(linker, "Five years after Acme bought WidgetCo, a look back", "2015-03-01");
    assert.equal(link?.slug, "acme-buys-widgetco");
    assert.equal(link?.relation, "RETROSPECTIVE");
    assert.ok((link?.confidence ?? 1) < 0.8);
    assert.deepEqual(eventSlugs(linker, "Looking back at Acme and WidgetCo in 2010", "2016-01-01"), [
      "acme-buys-widgetco",
    ]);
  });

  it("no look back without a date or age that fits the event", () => {
    assert.deepEqual(eventSlugs(linker, "A look back at Acme and WidgetCo", "2015-03-01"), []);
    assert.deepEqual(eventSlugs(linker, "Ten years after Acme bought WidgetCo, a look back", "2015-03-01"), []);
    const noRetro = createLinker(catalog, { retrospectives: false });
    assert.deepEqual(eventSlugs(noRetro, "Five years after Acme bought WidgetCo, a look back", "2015-03-01"), []);
  });
});

describe("event matching", () => {
  it("an excluded phrase vetoes the event", () => {
    assert.deepEqual(eventSlugs(linker, "Widget HV 2 beta is out", "2011-05-03"), []);
    assert.deepEqual(eventSlugs(linker, "Widget HV 2 ships", "2011-05-03"), ["widget-hv-2-released"]);
  });

  it("pattern words match their inflections", () => {
    assert.deepEqual(eventSlugs(linker, "Acme reveals its plans", "2014-06-01"), ["acme-rebrands"]);
    assert.deepEqual(eventSlugs(linker, "Acme revealed its plans", "2014-06-01"), ["acme-rebrands"]);
    assert.deepEqual(eventSlugs(linker, "Acme revealing plans", "2014-06-01"), ["acme-rebrands"]);
  });

  it("each entry term needs a mention of its own", () => {
    assert.deepEqual(eventSlugs(linker, "Servers require WidgetCo-V processors", "2013-04-02"), []);
    assert.deepEqual(eventSlugs(linker, "WidgetCo ships WidgetCo-V chips", "2013-04-02"), ["widgetco-v-chips"]);
  });

  it("an article naming none of the event's entries is not about it", () => {
    assert.deepEqual(eventSlugs(linker, "Codename X launched", "2016-01-01"), []);
    assert.deepEqual(eventSlugs(linker, "Acme launches Codename X", "2016-01-01"), ["codename-x"]);
  });

  it("falls back to the event's entries plus a word of its kind, less confidently", () => {
    const [link] = events(linker, "WidgetCo cuts Widget HV price", "2010-04-22");
    assert.equal(link?.slug, "widget-hv-free");
    assert.ok(link && link.confidence >= 0.5 && link.confidence < 0.8);
    assert.equal(link?.evidence.at(-1)?.alias, "kind:licensing");
  });

  it("prefers the specific: patterns over kind words, worded patterns over names alone", () => {
    assert.deepEqual(eventSlugs(linker, "Acme makes Widget HV free for WidgetCo customers", "2010-04-21"), [
      "widget-hv-free",
    ]);
    assert.deepEqual(eventSlugs(linker, "WidgetCo cuts Widget HV price; Acme deal closes", "2010-04-22"), [
      "acme-buys-widgetco",
    ]);
  });

  it("gives the evidence of each pattern term", () => {
    const [link] = events(linker, "Acme to buy WidgetCo", "2010-03-01");
    assert.deepEqual(link?.evidence, [
      { alias: "Acme", field: "title", offset: 0 },
      { alias: "WidgetCo", field: "title", offset: 12 },
    ]);
    const [free] = events(linker, "News", "2010-04-20", "WHV becomes free");
    assert.deepEqual(free?.evidence, [
      { alias: "WHV", field: "summary", offset: 0 },
      { alias: "free", field: "summary", offset: 12 },
    ]);
  });

  it("is most confident near a phase and with title evidence", () => {
    const near = events(linker, "Acme and WidgetCo talk", "2010-06-02")[0]?.confidence ?? 0;
    const far = events(linker, "Acme and WidgetCo talk", "2010-09-20")[0]?.confidence ?? 0;
    const summaryOnly = events(linker, "Talks", "2010-06-02", "Acme and WidgetCo talk")[0]?.confidence ?? 0;
    assert.ok(near > far, `${near} > ${far}`);
    assert.ok(near > summaryOnly, `${near} > ${summaryOnly}`);
    assert.ok(far >= 0.5);
  });
});
