import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { ObjectId } from "mongodb";

import { type IngestJob, openIngestJob } from "../../../jobs/ingest-feeds.js";
import { runRelinkJob } from "../../../jobs/relink.js";
import { addAlias } from "../../../src/catalog/add-alias.js";
import { loadCatalog } from "../../../src/catalog/load-catalog.js";
import { readCatalog } from "../../../src/catalog/read-catalog.js";
import { loadConfig } from "../../../src/config/config.js";
import { createLogger } from "../../../src/log/logger.js";
import { ARTICLES, articlesCollection } from "../../../src/store/articles.js";
import { hypervisorsCollection } from "../../../src/store/hypervisors.js";
import { ensureIndexes } from "../../../src/store/indexes.js";
import { type FeedServer, startFeedServer } from "../../helpers/feed-server.js";
import { openTestDatabase, type TestDatabase, testServerUri } from "../../helpers/mongo.js";
import { MINUTE, registerDueFeeds, rss } from "../ingest/ingest-harness.js";

const logger = createLogger("silent");

describe("aliases added through the API reach the relink job", () => {
  let t: TestDatabase;
  before(async () => {
    t = await openTestDatabase("overlay_relink");
    await ensureIndexes(t.db);
  });
  after(() => t.drop());

  it("re-links an existing article with the new alias, and the job's load keeps the alias", async () => {
    await t.db.collection(ARTICLES).insertOne({
      _id: new ObjectId(),
      dedupeKey: "test:overlay-relink",
      title: "Zorbavisor 3 adds nested paging",
      summary: "The hypervisor's new release.",
      contentHtml: "",
      categories: [],
      publishedAt: new Date("2024-05-01T12:00:00Z"),
      links: [],
      hypervisors: [],
      vendors: [],
      topics: [],
      events: [],
      linkedCatalogVersion: null,
    });
    const first = await runRelinkJob({ db: t.db, logger });
    assert.equal(first.relink.processed, 1);
    const before = await articlesCollection(t.db).findOne({ dedupeKey: "test:overlay-relink" });
    assert.ok(!before?.hypervisors.includes("kvm"));

    await addAlias(t.db, "HYPERVISOR", "kvm", { text: "Zorbavisor" });
    const second = await runRelinkJob({ db: t.db, logger });
    assert.equal(second.catalog.hypervisors.updated, 0, "the files' load keeps the API alias");
    assert.equal(second.relink.processed, 1, "the stored catalog changed, so the article is stale");
    assert.notEqual(second.relink.catalogVersion, first.relink.catalogVersion);
    const after = await articlesCollection(t.db).findOne({ dedupeKey: "test:overlay-relink" });
    assert.ok(after?.hypervisors.includes("kvm"), JSON.stringify(after?.links));
    assert.equal(after?.linkedCatalogVersion, second.relink.catalogVersion);
    const kvm = await hypervisorsCollection(t.db).findOne({ _id: "kvm" });
    assert.ok(kvm?.aliases.some((alias) => alias.text === "Zorbavisor" && alias.origin === "api"));

    assert.equal((await runRelinkJob({ db: t.db, logger })).relink.processed, 0, "then a no-op");
  });
});

describe("the ingest job follows the stored catalog without a restart", () => {
  let t: TestDatabase;
  let server: FeedServer;
  let job: IngestJob;
  const now = new Date("2024-07-01T12:00:00Z");
  before(async () => {
    t = await openTestDatabase("overlay_ingest");
    await ensureIndexes(t.db);
    await loadCatalog(t.db, await readCatalog());
    server = await startFeedServer();
    const config = loadConfig({
      MONGODB_URI: testServerUri(),
      MONGODB_DB: t.db.databaseName,
      FETCH_ALLOW_LIST: server.allowEntry,
      INGEST_CONCURRENCY: "1",
      LOG_LEVEL: "silent",
    });
    job = await openIngestJob(config, t.db, { logger });
  });
  after(async () => {
    await job.close();
    await server.close();
    await t.drop();
  });

  it("links an article ingested after an alias was added, on the next scheduled run", async () => {
    const versionBefore = job.deps.linker.catalogVersion;
    await addAlias(t.db, "HYPERVISOR", "xen", { text: "Quillvisor" });
    server.route("/overlay.xml", {
      body: rss([
        {
          guid: "quillvisor-4",
          title: "Quillvisor 4 released",
          link: "https://news.example/overlay/quillvisor-4",
          date: new Date("2024-06-30T09:00:00Z"),
          description: "A new release of the hypervisor.",
        },
      ]),
    });
    await registerDueFeeds(t.db, [server.url("/overlay.xml")], now, new Date(now.getTime() - 10 * MINUTE));
    const summary = await job.run(now);
    assert.deepEqual([summary.feeds, summary.itemsNew], [1, 1]);
    assert.notEqual(job.deps.linker.catalogVersion, versionBefore, "the linker was rebuilt");
    const stored = await articlesCollection(t.db).findOne({
      canonicalUrl: "https://news.example/overlay/quillvisor-4",
    });
    assert.ok(stored, "the article was ingested");
    assert.ok(stored.hypervisors.includes("xen"), JSON.stringify(stored.links));
    assert.equal(stored.linkedCatalogVersion, job.deps.linker.catalogVersion);
  });
});
