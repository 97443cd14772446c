import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { ObjectId } from "mongodb";

import type { App } from "../../../../src/app.js";
import { type FeedServer, startFeedServer } from "../../../helpers/feed-server.js";
import { rss, type TestItem } from "../../ingest/ingest-harness.js";
import { codeOf, gql, KEYS, startApiApp, stopApiApp } from "../support/api-app.js";

const DELETE = `mutation($id: ID!) { deleteArticle(id: $id) }`;
const REFRESH = `mutation($id: ID!) { refreshFeed(id: $id) { outcome itemsNew itemsUpdated } }`;
const FEED_ARTICLES = `query($id: ID!) { feed(id: $id) { articles(first: 20) { edges { node { id url summary } } } } }`;

interface FeedArticles {
  feed: { articles: { edges: { node: { id: string; url: string; summary: string } }[] } };
}

const stories = (version: string): TestItem[] =>
  Array.from({ length: 3 }, (_, i) => ({
    guid: `gone-${i}`,
    title: `Xen story ${i}`,
    link: `https://news.example/gone/${i}`,
    date: new Date(Date.UTC(2026, 0, 1 + i)),
    description: `Story ${i}, ${version}`,
  }));

describe("deleteArticle mutation (D5)", () => {
  let app: App;
  let server: FeedServer;
  let feedId = "";
  let victimId = "";
  before(async () => {
    server = await startFeedServer({ routes: { "/gone.xml": { body: rss(stories("v1")) } } });
    app = await startApiApp("delete_article", { FETCH_ALLOW_LIST: server.allowEntry });
    const added = await gql<{ addFeed: { id: string } }>(
      app.url,
      `mutation($url: String!) { addFeed(input: { url: $url }) { id } }`,
      { url: server.url("/gone.xml") },
      KEYS.editor,
    );
    feedId = added.data!.addFeed.id;
    const listed = await gql<FeedArticles>(app.url, FEED_ARTICLES, { id: feedId });
    victimId = listed.data!.feed.articles.edges.find((edge) => edge.node.url.endsWith("/gone/1"))!.node.id;
  });
  after(async () => {
    await stopApiApp(app);
    await server.close();
  });

  it("D5: is refused without a key (UNAUTHENTICATED) and with an editor key (FORBIDDEN)", async () => {
    assert.equal(codeOf(await gql(app.url, DELETE, { id: victimId })), "UNAUTHENTICATED");
    assert.equal(codeOf(await gql(app.url, DELETE, { id: victimId }, KEYS.editor)), "FORBIDDEN");
    const still = await gql(app.url, `query($id: ID!) { article(id: $id) { id } }`, { id: victimId });
    assert.equal(still.errors, undefined, "nothing was deleted");
  });

  it("D5: a malformed id is BAD_USER_INPUT, an unknown one NOT_FOUND", async () => {
    assert.equal(codeOf(await gql(app.url, DELETE, { id: "not-an-id" }, KEYS.admin)), "BAD_USER_INPUT");
    assert.equal(codeOf(await gql(app.url, DELETE, { id: new ObjectId().toHexString() }, KEYS.admin)), "NOT_FOUND");
  });

  it("D5: an admin deletes the article, and refreshing an edited body does not bring it back", async () => {
    const deleted = await gql<{ deleteArticle: boolean }>(app.url, DELETE, { id: victimId }, KEYS.admin);
    assert.equal(deleted.errors, undefined, JSON.stringify(deleted.errors));
    assert.equal(deleted.data?.deleteArticle, true);
    const article = `query($id: ID!) { article(id: $id) { id } }`;
    assert.equal(codeOf(await gql(app.url, article, { id: victimId })), "NOT_FOUND");
    assert.equal(codeOf(await gql(app.url, DELETE, { id: victimId }, KEYS.admin)), "NOT_FOUND", "deleted once");

    server.route("/gone.xml", { body: rss(stories("v2")) });
    const refreshed = await gql<{ refreshFeed: { outcome: string; itemsNew: number; itemsUpdated: number } }>(
      app.url,
      REFRESH,
      { id: feedId },
      KEYS.editor,
    );
    assert.deepEqual(refreshed.data?.refreshFeed, { outcome: "ok", itemsNew: 0, itemsUpdated: 2 });
    const listed = await gql<FeedArticles>(app.url, FEED_ARTICLES, { id: feedId });
    const nodes = listed.data!.feed.articles.edges.map((edge) => edge.node);
    assert.deepEqual(nodes.map((node) => node.url).sort(), [
      "https://news.example/gone/0",
      "https://news.example/gone/2",
    ]);
    assert.ok(
      nodes.every((node) => node.summary.includes("v2")),
      "the other articles were updated",
    );
  });
});
