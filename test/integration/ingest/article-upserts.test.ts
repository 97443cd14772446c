import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { ObjectId } from "mongodb";

import { normalizeFeedUrl } from "../../../src/feeds/normalize/url.js";
import { addFeeds } from "../../../src/ingest/add-feeds.js";
import { refreshFeed } from "../../../src/ingest/refresh-feed.js";
import {
  type ArticleContentDoc,
  articlesCollection,
  type ArticleWrite,
  writeArticles,
} from "../../../src/store/articles.js";
import { feedsCollection } from "../../../src/store/feeds.js";
import { ensureIndexes } from "../../../src/store/indexes.js";
import { type FeedServer, startFeedServer } from "../../helpers/feed-server.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";
import { createTestDeps, items, rss } from "./ingest-harness.js";

const now = new Date("2026-03-01T12:00:00Z");

function content(title: string, canonicalUrl: string | null): ArticleContentDoc {
  return {
    title,
    url: canonicalUrl,
    canonicalUrl,
    summary: "",
    contentHtml: "",
    publishedAt: now,
    updatedAt: null,
    dateClamped: false,
    changedAt: now,
    authors: [],
    categories: [],
    enclosures: [],
    contentHash: title,
    hypervisors: [],
    vendors: [],
    topics: [],
    events: [],
    links: [],
    linkedCatalogVersion: null,
  };
}

describe("article upserts", () => {
  let a: TestDatabase;
  let b: TestDatabase;
  let server: FeedServer;
  before(async () => {
    server = await startFeedServer();
    a = await openTestDatabase("article_upserts");
    // A second client on the same database: two "processes" racing.
    b = { ...(await openTestDatabase("unused")), db: a.client.db(a.name) };
    await ensureIndexes(a.db);
  });
  after(async () => {
    await server.close();
    await a.drop();
    await b.client.close();
  });

  it("D5: two feeds storing the same 50 stories at the same moment, on two clients, store each story once", async () => {
    const now = new Date();
    const stories = items("race", 50, now);
    server.route("/race/a.xml", { body: rss(stories) });
    server.route("/race/b.xml", { body: rss(stories.map((story) => ({ ...story, guid: `b-${story.guid}` }))) });
    await addFeeds(
      a.db,
      ["/race/a.xml", "/race/b.xml"].map((path) => ({ url: server.url(path), title: path, siteUrl: null, tags: [] })),
      { normalizeUrl: normalizeFeedUrl, now },
    );
    const ids = await Promise.all(
      ["/race/a.xml", "/race/b.xml"].map(async (path) =>
        (await feedsCollection(a.db).findOne({ url: server.url(path) }))!._id.toHexString(),
      ),
    );
    const [runA, runB] = await Promise.all([
      refreshFeed(createTestDeps(a.db, [server.allowEntry]), ids[0]!, now),
      refreshFeed(createTestDeps(b.client.db(a.name), [server.allowEntry]), ids[1]!, now),
    ]);
    assert.deepEqual([runA.outcome, runA.itemsNew, runB.outcome, runB.itemsNew], ["ok", 50, "ok", 50]);
    const stored = await articlesCollection(a.db)
      .find({ canonicalUrl: /^https:\/\/news\.example\/race\// })
      .toArray();
    assert.equal(stored.length, 50);
    for (const article of stored) {
      assert.deepEqual(article.feedIds.map(String).sort(), [...ids].sort(), article.canonicalUrl ?? "");
    }
  });

  it("an item without a link keeps its own identity; null and [] are stored; a second insert is refused, not thrown", async () => {
    const feed = new ObjectId();
    const write: ArticleWrite = {
      kind: "insert",
      id: new ObjectId(),
      dedupeKey: `item:${feed.toHexString()}:no-link`,
      source: { feedId: feed, itemKey: "no-link" },
      firstSeenAt: now,
      content: content("no link", null),
    };
    assert.deepEqual(await writeArticles(a.db, [write]), { refused: [] });
    assert.deepEqual(await writeArticles(a.db, [{ ...write, id: new ObjectId() }]), { refused: [0] });
    const stored = await articlesCollection(a.db)
      .find({ dedupeKey: `item:${feed.toHexString()}:no-link` })
      .toArray();
    assert.equal(stored.length, 1);
    assert.deepEqual([stored[0]!.url, stored[0]!.canonicalUrl], [null, null]);
    assert.deepEqual(stored[0]!.sources, [{ feedId: feed, itemKey: "no-link" }]);
    assert.deepEqual([stored[0]!.authors, stored[0]!.links, stored[0]!.updatedAt], [[], [], null]);
  });
});
