import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { loadCatalog } from "../../../src/catalog/load-catalog.js";
import { readCatalog } from "../../../src/catalog/read-catalog.js";
import type { Catalog } from "../../../src/model/catalog.js";
import { eventFromDoc, eventsCollection } from "../../../src/store/events.js";
import { hypervisorFromDoc, hypervisorsCollection } from "../../../src/store/hypervisors.js";
import { ensureIndexes } from "../../../src/store/indexes.js";
import { topicFromDoc, topicsCollection } from "../../../src/store/topics.js";
import { vendorFromDoc, vendorsCollection } from "../../../src/store/vendors.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";

const bySlug = <T extends { slug: string }>(entries: T[]) => [...entries].sort((a, b) => (a.slug < b.slug ? -1 : 1));

describe("loadCatalog", () => {
  let t: TestDatabase;
  let catalog: Catalog;
  before(async () => {
    t = await openTestDatabase("load_catalog");
    await ensureIndexes(t.db);
    catalog = await readCatalog();
  });
  after(() => t.drop());

  it("inserts every entry on the first load", async () => {
    const result = await loadCatalog(t.db, catalog);
    assert.equal(result.version, catalog.version);
    assert.deepEqual(result.hypervisors, { inserted: catalog.hypervisors.length, updated: 0, unchanged: 0 });
    assert.deepEqual(result.vendors, { inserted: catalog.vendors.length, updated: 0, unchanged: 0 });
    assert.deepEqual(result.topics, { inserted: catalog.topics.length, updated: 0, unchanged: 0 });
    assert.deepEqual(result.events, { inserted: catalog.events.length, updated: 0, unchanged: 0 });
  });

  it("changes nothing when loaded again", async () => {
    const result = await loadCatalog(t.db, catalog);
    assert.deepEqual(result.hypervisors, { inserted: 0, updated: 0, unchanged: catalog.hypervisors.length });
    assert.deepEqual(result.vendors, { inserted: 0, updated: 0, unchanged: catalog.vendors.length });
    assert.deepEqual(result.topics, { inserted: 0, updated: 0, unchanged: catalog.topics.length });
    assert.deepEqual(result.events, { inserted: 0, updated: 0, unchanged: catalog.events.length });
    assert.equal(await eventsCollection(t.db).countDocuments(), catalog.events.length);
  });

  it("stores entries that read back as the same domain values", async () => {
    const hypervisors = (await hypervisorsCollection(t.db).find().toArray()).map(hypervisorFromDoc);
    assert.deepEqual(bySlug(hypervisors), bySlug(catalog.hypervisors));
    const vendors = (await vendorsCollection(t.db).find().toArray()).map(vendorFromDoc);
    assert.deepEqual(bySlug(vendors), bySlug(catalog.vendors));
    const topics = (await topicsCollection(t.db).find().toArray()).map(topicFromDoc);
    assert.deepEqual(bySlug(topics), bySlug(catalog.topics));
    const events = (await eventsCollection(t.db).find().toArray()).map(eventFromDoc);
    assert.deepEqual(bySlug(events), bySlug(catalog.events));
  });

  it("rewrites only the entries that changed, keyed by slug", async () => {
    const [first, ...rest] = catalog.events;
    assert.ok(first);
    const edited: Catalog = { ...catalog, events: [{ ...first, title: `${first.title} (edited)` }, ...rest] };
    const result = await loadCatalog(t.db, edited);
    assert.deepEqual(result.events, { inserted: 0, updated: 1, unchanged: catalog.events.length - 1 });
    assert.equal((await eventsCollection(t.db).findOne({ _id: first.slug }))?.title, `${first.title} (edited)`);
    assert.equal(await eventsCollection(t.db).countDocuments(), catalog.events.length);
  });
});
