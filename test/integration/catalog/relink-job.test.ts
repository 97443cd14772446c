import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { ObjectId } from "mongodb";

import { runRelinkJob } from "../../../jobs/relink.js";
import { readCatalog } from "../../../src/catalog/read-catalog.js";
import { createLogger } from "../../../src/log/logger.js";
import { ARTICLES } from "../../../src/store/articles.js";
import { eventsCollection } from "../../../src/store/events.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";

describe("runRelinkJob", () => {
  let t: TestDatabase;
  before(async () => {
    t = await openTestDatabase("relink_job");
  });
  after(() => t.drop());

  it("loads the committed catalog, relinks stale articles, and is a no-op when run again", async () => {
    await t.db.collection(ARTICLES).insertOne({
      _id: new ObjectId(),
      dedupeKey: "test:job",
      title: "Red Hat acquires Qumranet for $107 million",
      summary: "The deal brings KVM to Red Hat.",
      contentHtml: "",
      categories: [],
      publishedAt: new Date("2008-09-04T15:00:00Z"),
      links: [],
      hypervisors: [],
      vendors: [],
      topics: [],
      events: [],
      linkedCatalogVersion: null,
    });
    const logger = createLogger("silent");
    const catalog = await readCatalog();

    const first = await runRelinkJob({ db: t.db, logger });
    assert.equal(first.catalog.version, catalog.version);
    assert.equal(first.catalog.events.inserted, catalog.events.length);
    assert.deepEqual([first.relink.processed, first.relink.complete], [1, true]);
    assert.equal(await eventsCollection(t.db).countDocuments(), catalog.events.length);
    const article = await t.db.collection(ARTICLES).findOne({ dedupeKey: "test:job" });
    assert.deepEqual(article?.["events"], ["red-hat-acquires-qumranet"]);
    assert.deepEqual(article?.["hypervisors"], ["kvm"]);

    const second = await runRelinkJob({ db: t.db, logger });
    assert.equal(second.catalog.events.unchanged, catalog.events.length);
    assert.equal(second.relink.processed, 0);
  });
});
