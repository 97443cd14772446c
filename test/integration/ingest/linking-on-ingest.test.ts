import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { readCatalog } from "../../../src/catalog/read-catalog.js";
import { normalizeFeedUrl } from "../../../src/feeds/normalize/url.js";
import { addFeeds } from "../../../src/ingest/add-feeds.js";
import { refreshFeed } from "../../../src/ingest/refresh-feed.js";
import { createLinker } from "../../../src/linking/create-linker.js";
import type { Linker } from "../../../src/model/links.js";
import { articlesCollection } from "../../../src/store/articles.js";
import { feedsCollection } from "../../../src/store/feeds.js";
import { ensureIndexes } from "../../../src/store/indexes.js";
import { searchTokensOf } from "../../../src/timeline/search-tokens.js";
import { type FeedServer, startFeedServer } from "../../helpers/feed-server.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";
import { createTestDeps, MINUTE, rss } from "./ingest-harness.js";

const now = new Date("2024-07-01T12:00:00Z");
const story = {
  guid: "esxi-8u3",
  title: "Broadcom ships VMware ESXi 8.0 Update 3",
  link: "https://news.example/linking/esxi-8u3",
  date: new Date("2024-06-30T09:00:00Z"),
  description: "The vSphere hypervisor gets a new update.",
};

describe("linking during ingestion", () => {
  let t: TestDatabase;
  let server: FeedServer;
  let linker: Linker;
  let feedId = "";
  before(async () => {
    t = await openTestDatabase("linking_on_ingest");
    await ensureIndexes(t.db);
    server = await startFeedServer();
    linker = createLinker(await readCatalog());
    await addFeeds(t.db, [{ url: server.url("/link.xml"), title: "", siteUrl: null, tags: [] }], {
      normalizeUrl: normalizeFeedUrl,
      now,
    });
    feedId = (await feedsCollection(t.db).findOne({ url: server.url("/link.xml") }))!._id.toHexString();
  });
  after(async () => {
    await server.close();
    await t.drop();
  });

  it("stores the links, the slug arrays and the catalog version; an edit keeps an editor's rejection", async () => {
    server.route("/link.xml", { body: rss([story], { title: "Virtualization Weekly" }) });
    const deps = createTestDeps(t.db, [server.allowEntry], { linker, searchTokensOf });
    assert.equal((await refreshFeed(deps, feedId, now)).itemsNew, 1);
    const stored = await articlesCollection(t.db).findOne({ canonicalUrl: story.link });
    assert.ok(stored);
    assert.equal(stored.linkedCatalogVersion, linker.catalogVersion);
    assert.ok(stored.searchTokens?.includes("esxi"), "stored with its search words");
    assert.ok(stored.hypervisors.includes("esx"), JSON.stringify(stored.links));
    assert.ok(stored.vendors.includes("vmware"));
    assert.ok(stored.links.every((link) => link.origin === "AUTO" && link.evidence.length > 0));
    const feed = await feedsCollection(t.db).findOne({ url: server.url("/link.xml") });
    assert.equal(feed?.title, "Virtualization Weekly", "an untitled feed takes the title of its document");

    // An editor rejects the VMware link.
    const vmware = stored.links.find((link) => link.kind === "VENDOR" && link.slug === "vmware")!;
    await articlesCollection(t.db).updateOne(
      { _id: stored._id },
      {
        $set: {
          links: [
            ...stored.links.filter((link) => link !== vmware && link.slug !== "vmware"),
            { ...vmware, origin: "MANUAL", rejected: true },
          ],
          vendors: stored.vendors.filter((slug) => slug !== "vmware"),
        },
      },
    );
    server.route("/link.xml", { body: rss([{ ...story, title: `${story.title} (updated)` }]) });
    assert.equal((await refreshFeed(deps, feedId, new Date(now.getTime() + 61 * MINUTE))).itemsUpdated, 1);
    const edited = await articlesCollection(t.db).findOne({ _id: stored._id });
    assert.equal(edited?.title, `${story.title} (updated)`);
    assert.ok(!edited?.vendors.includes("vmware"), "the rejected link is not re-added");
    assert.ok(edited?.links.some((link) => link.slug === "vmware" && link.origin === "MANUAL" && link.rejected));
    assert.ok(edited?.hypervisors.includes("esx"));
  });
});
