import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { addAlias } from "../../../src/catalog/add-alias.js";
import { createEvent, type EventInput, updateEvent } from "../../../src/catalog/edit-events.js";
import { loadCatalog } from "../../../src/catalog/load-catalog.js";
import { readCatalog } from "../../../src/catalog/read-catalog.js";
import { readStoredCatalog } from "../../../src/catalog/read-stored-catalog.js";
import { linkerForStoredCatalog } from "../../../src/catalog/stored-catalog-linker.js";
import type { Catalog } from "../../../src/model/catalog.js";
import { readCatalogChangeToken } from "../../../src/store/catalog-queries.js";
import { eventsCollection } from "../../../src/store/events.js";
import { hypervisorsCollection } from "../../../src/store/hypervisors.js";
import { ensureIndexes } from "../../../src/store/indexes.js";
import { vendorsCollection } from "../../../src/store/vendors.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";

/** A made-up name no committed alias matches, added to Xen through the API. */
const NEW_NAME = "Qubevisor";

const LAUNCH: EventInput = {
  title: "Qubevisor Nine ships",
  kind: "release",
  phases: [{ name: "released", date: "2031-03-02", precision: "DAY" }],
  hypervisors: ["xen"],
  vendors: [],
  patterns: [["@xen", "ships|nine"]],
  sources: [{ url: "https://example.com/qubevisor-nine", title: "The release notes" }],
};

const unchanged = (count: number) => ({ inserted: 0, updated: 0, unchanged: count });

describe("API catalog edits are overlays on the committed catalog", () => {
  let t: TestDatabase;
  let catalog: Catalog;
  before(async () => {
    t = await openTestDatabase("api_overlays");
    await ensureIndexes(t.db);
    catalog = await readCatalog();
    await loadCatalog(t.db, catalog);
  });
  after(() => t.drop());

  it("keeps an alias added through the API when the files are loaded again, idempotently", async () => {
    const tokenBefore = await readCatalogChangeToken(t.db);
    await addAlias(t.db, "HYPERVISOR", "xen", { text: NEW_NAME });
    assert.notEqual(await readCatalogChangeToken(t.db), tokenBefore, "the edit moves the change token");
    const added = (await hypervisorsCollection(t.db).findOne({ _id: "xen" }))?.aliases.at(-1);
    assert.deepEqual([added?.text, added?.origin], [NEW_NAME, "api"]);

    const tokenAfterEdit = await readCatalogChangeToken(t.db);
    const reload = await loadCatalog(t.db, catalog);
    assert.deepEqual(reload.hypervisors, unchanged(catalog.hypervisors.length));
    assert.deepEqual(reload.events, unchanged(catalog.events.length));
    assert.equal(await readCatalogChangeToken(t.db), tokenAfterEdit, "an unchanged load leaves the token alone");

    // The files change the entry: it is rewritten with the files' content and keeps the overlay.
    const edited: Catalog = {
      ...catalog,
      hypervisors: catalog.hypervisors.map((h) => (h.slug === "xen" ? { ...h, name: "Xen (edited)" } : h)),
    };
    const rewrite = await loadCatalog(t.db, edited);
    assert.deepEqual(rewrite.hypervisors, { inserted: 0, updated: 1, unchanged: catalog.hypervisors.length - 1 });
    assert.notEqual(await readCatalogChangeToken(t.db), tokenAfterEdit, "a changing load moves the token");
    const xen = await hypervisorsCollection(t.db).findOne({ _id: "xen" });
    assert.equal(xen?.name, "Xen (edited)");
    assert.deepEqual(
      xen?.aliases.filter((alias) => alias.text === NEW_NAME).map((alias) => alias.origin),
      ["api"],
    );

    assert.equal((await loadCatalog(t.db, catalog)).hypervisors.updated, 1);
    assert.deepEqual((await loadCatalog(t.db, catalog)).hypervisors, unchanged(catalog.hypervisors.length));
    const restored = await hypervisorsCollection(t.db).findOne({ _id: "xen" });
    assert.ok(restored?.aliases.some((alias) => alias.text === NEW_NAME && alias.origin === "api"));
  });

  it("drops an API alias once the files list the same name (the files win)", async () => {
    await addAlias(t.db, "VENDOR", "vmware", { text: "Vemware Labs", confidence: 0.5 });
    const committed: Catalog = {
      ...catalog,
      vendors: catalog.vendors.map((v) =>
        v.slug === "vmware"
          ? {
              ...v,
              aliases: [
                ...v.aliases,
                { text: "vemware labs", validFrom: null, validTo: null, confidence: 0.7, context: null, note: null },
              ],
            }
          : v,
      ),
    };
    assert.equal((await loadCatalog(t.db, committed)).vendors.updated, 1);
    const vmware = await vendorsCollection(t.db).findOne({ _id: "vmware" });
    const matching = vmware?.aliases.filter((alias) => alias.text.toLowerCase() === "vemware labs") ?? [];
    assert.deepEqual(
      matching.map((alias) => [alias.text, alias.confidence, alias.origin]),
      [["vemware labs", 0.7, undefined]],
    );
    await loadCatalog(t.db, catalog);
  });

  it("keeps an event created through the API, and links with it and the API alias", async () => {
    await createEvent(t.db, "qubevisor-nine", LAUNCH);
    assert.equal((await eventsCollection(t.db).findOne({ _id: "qubevisor-nine" }))?.origin, "api");
    const reload = await loadCatalog(t.db, catalog);
    assert.deepEqual(reload.events, unchanged(catalog.events.length));
    assert.equal((await eventsCollection(t.db).findOne({ _id: "qubevisor-nine" }))?.title, LAUNCH.title);

    const linker = await linkerForStoredCatalog(t.db);
    assert.notEqual(linker.catalogVersion, catalog.version, "the stored catalog holds more than the files");
    const links = linker.link({
      title: "Qubevisor Nine ships with faster live migration",
      summary: "The open source hypervisor project released its new version.",
      content: "",
      categories: [],
      publishedAt: new Date("2031-03-03T10:00:00Z"),
    });
    const slugs = links.map((link) => `${link.kind}:${link.slug}`);
    assert.ok(slugs.includes("HYPERVISOR:xen"), slugs.join(", "));
    assert.ok(slugs.includes("EVENT:qubevisor-nine"), slugs.join(", "));
  });

  it("versions the stored catalog by its content: the same until an edit", async () => {
    const first = await readStoredCatalog(t.db);
    assert.equal((await readStoredCatalog(t.db)).version, first.version);
    await updateEvent(t.db, "qubevisor-nine", { ...LAUNCH, title: "Qubevisor Nine is out" });
    assert.equal((await eventsCollection(t.db).findOne({ _id: "qubevisor-nine" }))?.origin, "api", "still an overlay");
    const second = await readStoredCatalog(t.db);
    assert.notEqual(second.version, first.version);
    assert.ok(second.events.some((event) => event.title === "Qubevisor Nine is out"));
  });
});
