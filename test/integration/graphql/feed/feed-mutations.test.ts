import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { App } from "../../../../src/app.js";
import { type FeedServer, startFeedServer } from "../../../helpers/feed-server.js";
import { rss } from "../../ingest/ingest-harness.js";
import { codeOf, gql, KEYS, startApiApp, stopApiApp } from "../support/api-app.js";

const ADD = `mutation Add($input: AddFeedInput!) {
  addFeed(input: $input) { id url title tags health { lastOutcome itemsNew lastErrorCode } nextFetchReason { basis } }
}`;

interface AddData {
  addFeed: {
    id: string;
    url: string;
    title: string;
    tags: string[];
    health: { lastOutcome: string | null; itemsNew: number };
  };
}

const items = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    guid: `${prefix}-${i}`,
    title: `${prefix} Xen story ${i}`,
    link: `https://news.example/${prefix}/${i}`,
    date: new Date(Date.UTC(2026, 0, 1 + i)),
  }));

describe("feed mutations", () => {
  let app: App;
  let server: FeedServer;
  before(async () => {
    server = await startFeedServer({ routes: { "/one.xml": { body: rss(items("one", 3), { title: "Feed One" }) } } });
    app = await startApiApp("feeds", { FETCH_ALLOW_LIST: server.allowEntry });
  });
  after(async () => {
    await stopApiApp(app);
    await server.close();
  });

  it("addFeed registers, fetches once through the ingest use-case, and returns the health", async () => {
    const result = await gql<AddData>(
      app.url,
      ADD,
      { input: { url: server.url("/one.xml"), tags: ["News"] } },
      KEYS.editor,
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const feed = result.data!.addFeed;
    assert.equal(feed.title, "Feed One");
    assert.deepEqual(feed.tags, ["news"]);
    assert.equal(feed.health.lastOutcome, "OK");
    assert.equal(feed.health.itemsNew, 3);
    assert.equal(server.requests("/one.xml"), 1);
    const articles = await gql<{ feed: { articles: { edges: unknown[] } } }>(
      app.url,
      `query($id: ID!) { feed(id: $id) { articles(first: 10) { edges { node { title } } } } }`,
      { id: feed.id },
    );
    assert.equal(articles.data?.feed.articles.edges.length, 3);
    assert.equal(
      codeOf(await gql(app.url, ADD, { input: { url: server.url("/one.xml") } }, KEYS.editor)),
      "BAD_USER_INPUT",
    );
  });

  const refused: [string, string][] = [
    ["a loopback port not on the allow-list (SSRF guard)", "http://127.0.0.1:1/feed.xml"],
    ["the decimal form of 127.0.0.1", "http://2130706433/feed.xml"],
    ["a file: URL", "file:///etc/passwd"],
    ["no URL at all", "not a url"],
  ];
  for (const [name, url] of refused) {
    it(`addFeed refuses ${name} with BAD_USER_INPUT and registers nothing`, async () => {
      const before = await app.database.db.collection("feeds").countDocuments();
      assert.equal(codeOf(await gql(app.url, ADD, { input: { url } }, KEYS.editor)), "BAD_USER_INPUT");
      assert.equal(await app.database.db.collection("feeds").countDocuments(), before);
    });
  }

  it("refreshFeed, updateFeed and removeFeed act on the feed; unknown ids are NOT_FOUND", async () => {
    server.route("/two.xml", { body: rss(items("two", 2)) });
    const added = await gql<AddData>(
      app.url,
      ADD,
      { input: { url: server.url("/two.xml"), title: "Two" } },
      KEYS.editor,
    );
    const id = added.data!.addFeed.id;
    server.route("/two.xml", { body: rss(items("two", 4)) });
    const refreshed = await gql<{ refreshFeed: { outcome: string; itemsNew: number } }>(
      app.url,
      `mutation($id: ID!) { refreshFeed(id: $id) { outcome itemsNew } }`,
      { id },
      KEYS.editor,
    );
    assert.deepEqual(refreshed.data?.refreshFeed, { outcome: "ok", itemsNew: 2 });
    const updated = await gql<{ updateFeed: { title: string; tags: string[] } }>(
      app.url,
      `mutation($id: ID!) { updateFeed(id: $id, input: { title: "Two, renamed", tags: ["A", "b"] }) { title tags } }`,
      { id },
      KEYS.editor,
    );
    assert.deepEqual(updated.data?.updateFeed, { title: "Two, renamed", tags: ["a", "b"] });
    const remove = `mutation($id: ID!, $deleteArticles: Boolean) { removeFeed(id: $id, deleteArticles: $deleteArticles) { id deletedArticles detachedArticles } }`;
    assert.equal(codeOf(await gql(app.url, remove, { id, deleteArticles: true }, KEYS.editor)), "FORBIDDEN");
    const removed = await gql<{ removeFeed: { deletedArticles: number } }>(
      app.url,
      remove,
      { id, deleteArticles: true },
      KEYS.admin,
    );
    assert.equal(removed.data?.removeFeed.deletedArticles, 4);
    assert.equal(codeOf(await gql(app.url, `query($id: ID!) { feed(id: $id) { id } }`, { id })), "NOT_FOUND");
    assert.equal(codeOf(await gql(app.url, remove, { id }, KEYS.admin)), "NOT_FOUND");
    assert.equal(
      codeOf(await gql(app.url, `mutation($id: ID!) { refreshFeed(id: $id) { outcome } }`, { id }, KEYS.editor)),
      "NOT_FOUND",
    );
  });

  it("importOpml registers the document's feeds and refuses a DTD", async () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
      <outline text="Virt"><outline text="A" xmlUrl="https://opml.test/a.xml"/><outline text="B" xmlUrl="ftp://opml.test/b"/></outline>
    </body></opml>`;
    const mutation = `mutation($opml: String!) { importOpml(opml: $opml) { added existing rejected { url reason } } }`;
    const result = await gql<{ importOpml: { added: number; rejected: { url: string }[] } }>(
      app.url,
      mutation,
      { opml },
      KEYS.admin,
    );
    assert.equal(result.data?.importOpml.added, 1);
    assert.deepEqual(
      result.data?.importOpml.rejected.map((r) => r.url),
      ["ftp://opml.test/b"],
    );
    const dtd = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><opml><body/></opml>`;
    assert.equal(codeOf(await gql(app.url, mutation, { opml: dtd }, KEYS.admin)), "BAD_USER_INPUT");
  });

  it("lists feeds with filters", async () => {
    const result = await gql<{ feeds: { edges: { node: { title: string; tags: string[] } }[] } }>(
      app.url,
      `{ feeds(filter: { tags: ["news"] }, first: 5) { edges { node { title tags } } } }`,
    );
    assert.deepEqual(
      result.data?.feeds.edges.map((edge) => edge.node.title),
      ["Feed One"],
    );
  });

  it("refuses anonymous and under-privileged callers", async () => {
    assert.equal(codeOf(await gql(app.url, ADD, { input: { url: server.url("/x.xml") } })), "UNAUTHENTICATED");
    const opml = `mutation { importOpml(opml: "<opml/>") { added } }`;
    assert.equal(codeOf(await gql(app.url, opml, {}, KEYS.editor)), "FORBIDDEN");
    assert.equal(server.requests("/x.xml"), 0);
  });
});
