import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createLinker } from "../../../src/linking/create-linker.js";
import { widgetCatalog } from "../catalog/catalog-fixture.js";

describe("createLinker", () => {
  const catalog = widgetCatalog();
  const linker = createLinker(catalog);
  const text = {
    title: "Acme to buy WidgetCo, maker of Widget HV",
    summary: "The price was not disclosed.",
    content: "<p>WidgetCo's <b>WHV</b> runs on bare metal.</p>",
    categories: ["Acme"],
    publishedAt: new Date("2010-03-01T09:00:00Z"),
  };

  it("carries the catalog version it was built from", () => {
    assert.equal(linker.catalogVersion, catalog.version);
    assert.match(linker.catalogVersion, /^[0-9a-f]{64}$/);
  });

  it("returns hypervisors, vendors, topics, then events, most confident first", () => {
    const links = linker.link(text);
    assert.deepEqual(
      links.map((link) => `${link.kind}:${link.slug}`),
      ["HYPERVISOR:widget-hv", "VENDOR:acme", "VENDOR:widgetco", "TOPIC:pricing", "EVENT:acme-buys-widgetco"],
    );
    for (let index = 1; index < links.length; index++) {
      const [previous, current] = [links[index - 1], links[index]];
      if (previous?.kind === current?.kind) assert.ok((previous?.confidence ?? 0) >= (current?.confidence ?? 0));
    }
  });

  it("is pure: the same text gives the same links", () => {
    assert.deepEqual(linker.link(text), linker.link({ ...text }));
  });

  it("links no event when the date is invalid, but still links the names", () => {
    const links = linker.link({ ...text, publishedAt: new Date("not a date") });
    assert.ok(links.some((link) => link.slug === "acme"));
    assert.ok(!links.some((link) => link.kind === "EVENT"));
  });

  it("bounds the evidence kept per link", () => {
    const small = createLinker(catalog, { maxEvidence: 1 });
    const widgetco = small.link(text).find((link) => link.slug === "widgetco");
    assert.equal(widgetco?.evidence.length, 1);
  });

  it("drops links below the minimum confidence", () => {
    const strict = createLinker(catalog, { minConfidence: 0.99 });
    assert.deepEqual(
      strict.link({ ...text, title: "", summary: "", categories: [] }).map((link) => link.slug),
      [],
    );
  });
});
