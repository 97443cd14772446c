import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { ObjectId } from "mongodb";

import { parseAllowList } from "../../../src/feeds/fetch/allow-list.js";
import { normalizeFeedUrl as normalizeUrl } from "../../../src/feeds/normalize/url.js";
import { addFeeds } from "../../../src/ingest/add-feeds.js";
import { deleteArticle } from "../../../src/ingest/delete-article.js";
import { removeFeed } from "../../../src/ingest/feed-admin.js";
import { refreshFeed } from "../../../src/ingest/refresh-feed.js";
import { articlesCollection } from "../../../src/store/articles.js";
import { readItemIndex } from "../../../src/store/feed-items.js";
import { feedsCollection } from "../../../src/store/feeds.js";
import { ensureIndexes } from "../../../src/store/indexes.js";
import { readDayCounts, rebuildTimelineRollups } from "../../../src/store/timeline-rollups.js";
import { EntityNotFoundError, InvalidInputError } from "../../../src/timeline/domain-errors.js";
import { type FeedServer, startFeedServer } from "../../helpers/feed-server.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";
import { createTestDeps, items, MINUTE, rss, type TestItem } from "./ingest-harness.js";

const t0 = new Date("2026-03-01T12:00:00Z");
const later = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);

/** The same items with another description: a changed body, every item edited. */
const edited = (list: readonly TestItem[], version: string) =>
  list.map((item) => ({ ...item, description: `${item.description ?? ""} (${version})` }));

describe("deleted articles stay deleted (D5 tombstones)", () => {
  let t: TestDatabase;
  let server: FeedServer;
  const deps = () => createTestDeps(t.db, [server.allowEntry]);
  const deleteDeps = () => ({ db: t.db, now: () => t0 });

  before(async () => {
    t = await openTestDatabase("tombstones");
    await ensureIndexes(t.db);
    server = await startFeedServer();
  });
  after(async () => {
    await server.close();
    await t.drop();
  });

  async function registerFeed(path: string): Promise<string> {
    await addFeeds(t.db, [{ url: server.url(path), title: path, siteUrl: null, tags: [] }], { normalizeUrl, now: t0 });
    return (await feedsCollection(t.db).findOne({ url: server.url(path) }))!._id.toHexString();
  }

  async function fetchBody(path: string, feedId: string, body: TestItem[], at: Date) {
    server.route(path, { body: rss(body) });
    const summary = await refreshFeed(deps(), feedId, at);
    assert.equal(summary.outcome, "ok", summary.message);
    return summary;
  }

  const articleAt = (url: string) => articlesCollection(t.db).findOne({ canonicalUrl: url });
  const countOf = (prefix: string) =>
    articlesCollection(t.db).countDocuments({ canonicalUrl: { $regex: `^https://news\\.example/${prefix}/` } });

  it("D5: a changed body of its feed does not bring a deleted article back; the others update, a new item arrives", async () => {
    const path = "/d5/same-feed.xml";
    const feedId = await registerFeed(path);
    const stories = items("same", 3, t0);
    assert.equal((await fetchBody(path, feedId, stories, t0)).itemsNew, 3);
    const victim = await articleAt("https://news.example/same/1");
    assert.ok(victim);

    assert.equal(await deleteArticle(deleteDeps(), victim._id.toHexString()), true);
    assert.equal(await countOf("same"), 2);

    // Every item edited (a changed-body run), plus one brand-new item.
    const fresh = items("same", 4, t0)[3]!;
    const second = await fetchBody(path, feedId, [...edited(stories, "v2"), fresh], later(30));
    assert.deepEqual([second.itemsNew, second.itemsUpdated], [1, 2], "the deleted item is neither new nor updated");
    assert.equal(await articleAt("https://news.example/same/1"), null, "not resurrected");
    assert.equal(await countOf("same"), 3);
    assert.match((await articleAt("https://news.example/same/0"))!.summary, /\(v2\)/, "the other items still update");
    assert.ok(await articleAt("https://news.example/same/3"), "a brand-new item still arrives");

    // The tombstone is in the item index, and holds on the next changed body too.
    const index = await readItemIndex(t.db, ObjectId.createFromHexString(feedId));
    assert.deepEqual(
      index.filter((entry) => entry.deleted).map((entry) => entry.itemKey),
      ["same-1"],
    );
    const third = await fetchBody(path, feedId, [...edited(stories, "v3"), fresh], later(60));
    assert.deepEqual([third.itemsNew, third.itemsUpdated], [0, 2]);
    assert.equal(await countOf("same"), 3);
  });

  it("D5: the same story (same canonical URL) from another feed is not stored again", async () => {
    const first = "/d5/first.xml";
    const firstId = await registerFeed(first);
    await fetchBody(first, firstId, items("shared", 2, t0), t0);
    const victim = await articleAt("https://news.example/shared/0");
    await deleteArticle(deleteDeps(), victim!._id.toHexString());

    // Another feed carries the same story under its own GUID, and one story of its own.
    const second = "/d5/second.xml";
    const secondId = await registerFeed(second);
    const syndicated = { ...items("shared", 1, t0)[0]!, guid: "other-guid", title: "Syndicated copy" };
    const own = items("own", 1, t0);
    const summary = await fetchBody(second, secondId, [syndicated, ...own], later(5));
    assert.equal(summary.itemsNew, 1, "only its own story is new");
    assert.equal(await articleAt("https://news.example/shared/0"), null, "not resurrected through another feed");
    assert.ok(await articleAt("https://news.example/own/0"));
    const index = await readItemIndex(t.db, ObjectId.createFromHexString(secondId));
    assert.deepEqual(
      index.filter((entry) => entry.deleted).map((entry) => entry.itemKey),
      ["other-guid"],
      "remembered in that feed's index too: its next runs need no lookup",
    );
  });

  it("D5: an item without a link stays deleted after its feed's item index is lost (the article tombstones hold)", async () => {
    const path = "/d5/no-links.xml";
    const feedId = await registerFeed(path);
    const unlinked = items("nolink", 3, t0).map(({ link: _link, ...item }) => item);
    await fetchBody(path, feedId, unlinked, t0);
    const keyOf = (guid: string) => `item:${feedId}:${guid}`;
    const victim = await articlesCollection(t.db).findOne({ dedupeKey: keyOf("nolink-2") });
    await deleteArticle(deleteDeps(), victim!._id.toHexString());
    // As if the index had been trimmed past the tombstone: every item is new to the feed again,
    // so the stored ones conflict (E11000) and are planned again from the articles themselves.
    await t.db.collection("feed_items").deleteOne({ _id: ObjectId.createFromHexString(feedId) });

    const summary = await fetchBody(path, feedId, edited(unlinked, "v2"), later(30));
    assert.equal(summary.itemsNew, 2, "the two stored items, seen as new by an empty index");
    assert.equal(await articlesCollection(t.db).countDocuments({ dedupeKey: keyOf("nolink-2") }), 0);
    assert.equal(
      await articlesCollection(t.db).countDocuments({ dedupeKey: { $in: [0, 1].map((i) => keyOf(`nolink-${i}`)) } }),
      2,
    );
  });

  it("D5: deleting takes the article out of the timeline counts", async () => {
    const path = "/d5/counts.xml";
    const feedId = await registerFeed(path);
    await fetchBody(path, feedId, items("counts", 2, t0), t0);
    await rebuildTimelineRollups(t.db, t0);
    const total = async () => (await readDayCounts(t.db, "2026-01", "2026-12"))!.reduce((sum, day) => sum + day.n, 0);
    const before = await total();
    await deleteArticle(deleteDeps(), (await articleAt("https://news.example/counts/0"))!._id.toHexString());
    assert.equal(await total(), before - 1);
    await rebuildTimelineRollups(t.db, t0);
    assert.equal(await total(), before - 1, "the same as counting the articles again");
  });

  it("D5: deleteArticle refuses a malformed id and an unknown one", async () => {
    await assert.rejects(deleteArticle(deleteDeps(), "not-an-id"), InvalidInputError);
    await assert.rejects(deleteArticle(deleteDeps(), new ObjectId().toHexString()), EntityNotFoundError);
  });

  it("removeFeed (with deleteArticles) deletes the feed's item index too", async () => {
    const path = "/d5/removed.xml";
    const feedId = await registerFeed(path);
    await fetchBody(path, feedId, items("removed", 2, t0), t0);
    const id = ObjectId.createFromHexString(feedId);
    assert.equal((await readItemIndex(t.db, id)).length, 2);
    const admin = { ingest: deps(), allowList: parseAllowList([]), resolveHost: async () => [], now: () => t0 };
    const removed = await removeFeed(admin, feedId, true);
    assert.equal(removed.deletedArticles, 2);
    assert.equal(await t.db.collection("feed_items").countDocuments({ _id: id }), 0);
  });
});
