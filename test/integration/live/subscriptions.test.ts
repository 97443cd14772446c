import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";

import type { App } from "../../../src/app.js";
import { hashApiKey } from "../../../src/auth/api-keys.js";
import { loadCatalog } from "../../../src/catalog/load-catalog.js";
import { readCatalog } from "../../../src/catalog/read-catalog.js";
import { startTestApp } from "../../helpers/app.js";
import { type FeedServer, startFeedServer } from "../../helpers/feed-server.js";
import { rss } from "../ingest/ingest-harness.js";
import { announceAdded, storeArticles } from "./articles-fixture.js";
import { addedArticle, ARTICLE_ADDED, connect, nextFor, subscribe, type TestSocket, wsUrl } from "./ws-client.js";

const EDITOR_KEY = "live-editor-key-0001";
const env = (extra: Record<string, string> = {}) => ({
  API_KEYS: `editor:editor:${hashApiKey(EDITOR_KEY)}`,
  EVENT_BUS_POLL_MS: "50",
  ...extra,
});

async function graphql(app: App, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${EDITOR_KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
}

/**
 * A subscription without afterEventId starts at its instance's read position, which trails the
 * log by up to one poll: wait until B has read what A wrote, so earlier tests' events stay out.
 */
async function caughtUp(reader: App, writer: App): Promise<void> {
  const target = writer.bus.readPosition;
  for (let turn = 0; turn < 500 && reader.bus.readPosition < target; turn++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.ok(reader.bus.readPosition >= target, "the second instance reads the log");
}

describe("live subscriptions over WebSocket (D8)", () => {
  const dbName = `live_subs_${randomBytes(4).toString("hex")}`;
  let a: App;
  let b: App;
  let feeds: FeedServer;
  const sockets: TestSocket[] = [];
  before(async () => {
    feeds = await startFeedServer();
    a = await startTestApp({ dbName, env: env({ FETCH_ALLOW_LIST: feeds.allowEntry }) });
    b = await startTestApp({ dbName, env: env() });
    await loadCatalog(a.database.db, await readCatalog()); // what the relink job keeps in the database
  });
  after(async () => {
    for (const socket of sockets) await socket.close();
    await b.stop();
    await a.database.db.dropDatabase();
    await a.stop();
    await feeds.close();
  });

  it("a xen-only subscriber gets the Xen article and never the KVM one published before it", async () => {
    const client = await connect(wsUrl(a.url));
    sockets.push(client);
    subscribe(client, "1", ARTICLE_ADDED, { filter: { hypervisors: ["xen"] } });
    const [kvm, xen] = await storeArticles(a.database.db, [
      { title: "KVM gets faster", hypervisors: ["kvm"] },
      { title: "Xen 4.19 is out", hypervisors: ["xen"] },
    ]);
    await announceAdded(a.bus, a.database.db, [kvm!, xen!]);
    const { article } = addedArticle(await nextFor(client, "1"));
    // Delivery is in bus order: the KVM article came first, so receiving Xen first proves it was filtered.
    assert.equal(article.id, xen);
    assert.equal(article.title, "Xen 4.19 is out");
  });

  it("an article ingested on instance A reaches a subscriber on instance B, resolved through B's loaders", async () => {
    feeds.route("/hv.xml", {
      body: rss([
        { guid: "k1", title: "KVM hypervisor gains new live migration features", link: "https://hv.example/kvm" },
        { guid: "x1", title: "Xen Project releases Xen 4.19 hypervisor", link: "https://hv.example/xen" },
      ]),
    });
    await caughtUp(b, a);
    const client = await connect(wsUrl(b.url));
    sockets.push(client);
    subscribe(client, "b1", ARTICLE_ADDED, { filter: { hypervisors: ["xen"] } });
    const added = await graphql(
      a,
      `
        mutation ($url: String!) {
          addFeed(input: { url: $url }) {
            id
            health {
              lastOutcome
            }
          }
        }
      `,
      {
        url: feeds.url("/hv.xml"),
      },
    );
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    const { article } = addedArticle(await nextFor(client, "b1"));
    assert.equal(article.title, "Xen Project releases Xen 4.19 hypervisor");
    const feed = added.data?.["addFeed"] as { id: string };
    const full = article as unknown as { feeds: { id: string }[]; hypervisors: { slug: string }[] };
    assert.deepEqual(
      full.feeds.map((f) => f.id),
      [feed.id],
    );
    assert.deepEqual(
      full.hypervisors.map((h) => h.slug),
      ["xen"],
    );
  });

  it("feedHealthChanged follows a refresh done on the other instance", async () => {
    const feed = (await graphql(a, "{ feeds(first: 1) { edges { node { id } } } }")).data?.["feeds"] as {
      edges: { node: { id: string } }[];
    };
    const feedId = feed.edges[0]?.node.id;
    assert.ok(feedId);
    const client = await connect(wsUrl(b.url));
    sockets.push(client);
    subscribe(
      client,
      "h",
      `subscription($id: ID) { feedHealthChanged(feedId: $id) { eventId feed { id health { lastOutcome } } } }`,
      {
        id: feedId,
      },
    );
    const refreshed = await graphql(
      a,
      `
        mutation ($id: ID!) {
          refreshFeed(id: $id) {
            outcome
          }
        }
      `,
      { id: feedId },
    );
    assert.equal(refreshed.errors, undefined, JSON.stringify(refreshed.errors));
    const message = await nextFor(client, "h");
    const data = (message.payload as { data: { feedHealthChanged: { feed: { id: string; health: unknown } } } }).data;
    assert.equal(data.feedHealthChanged.feed.id, feedId);
  });

  it("resumes after a reconnect from the last eventId: no gap, no duplicate", async () => {
    const first = await connect(wsUrl(b.url));
    subscribe(first, "r", ARTICLE_ADDED, { filter: { hypervisors: ["esx"] } });
    const ids = await storeArticles(
      a.database.db,
      [1, 2, 3, 4].map((n) => ({ title: `ESX story ${n}`, hypervisors: ["esx"] })),
    );
    await announceAdded(a.bus, a.database.db, ids.slice(0, 2));
    const seen = addedArticle(await nextFor(first, "r"));
    assert.equal(seen.article.id, ids[0]);
    await first.close(); // story 2 may or may not have reached this socket: the resume must not care

    await announceAdded(a.bus, a.database.db, ids.slice(2, 3));
    const second = await connect(wsUrl(b.url));
    sockets.push(second);
    subscribe(second, "r2", ARTICLE_ADDED, { filter: { hypervisors: ["esx"] }, after: seen.eventId });
    const replayed = [addedArticle(await nextFor(second, "r2")), addedArticle(await nextFor(second, "r2"))];
    await announceAdded(a.bus, a.database.db, ids.slice(3));
    const live = addedArticle(await nextFor(second, "r2"));
    assert.deepEqual(
      [...replayed, live].map((change) => change.article.id),
      ids.slice(1),
    );
    const eventIds = [seen, ...replayed, live].map((change) => Number(change.eventId));
    assert.deepEqual(
      [...eventIds].sort((x, y) => x - y),
      eventIds,
      "in bus order",
    );
  });

  it("refuses an afterEventId that is not one, before subscribing anything", async () => {
    const client = await connect(wsUrl(b.url));
    sockets.push(client);
    const before = b.bus.subscriberCount;
    subscribe(client, "bad", ARTICLE_ADDED, { after: "12abc" });
    const message = await nextFor(client, "bad");
    const payload = message.payload as { errors?: { extensions?: { code?: string } }[] };
    assert.equal(message.type, "next");
    assert.equal(payload.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    assert.equal(b.bus.subscriberCount, before);
  });

  it("an unknown afterEventId ends the subscription with BAD_USER_INPUT, and frees it", async () => {
    const client = await connect(wsUrl(b.url));
    sockets.push(client);
    subscribe(client, "far", ARTICLE_ADDED, { after: "999999999" });
    const message = await nextFor(client, "far");
    assert.equal(message.type, "error");
    const errors = message.payload as { message: string; extensions?: { code?: string; reason?: string } }[];
    assert.equal(errors[0]?.extensions?.code, "BAD_USER_INPUT");
    assert.equal(errors[0]?.extensions?.reason, "UNKNOWN_EVENT_ID");
  });

  it("an event created through the API on A reaches an eventAdded subscriber on B", async () => {
    await caughtUp(b, a);
    const client = await connect(wsUrl(b.url));
    sockets.push(client);
    subscribe(client, "ev", "subscription { eventAdded { eventId event { slug title phases { name precision } } } }");
    const created = await graphql(
      a,
      `
        mutation ($input: EventInput!) {
          createEvent(slug: "bench-xen-summit-2031", input: $input) {
            slug
          }
        }
      `,
      {
        input: {
          title: "Xen Summit 2031",
          kind: "ANNOUNCEMENT",
          phases: [{ name: "ANNOUNCED", date: "2031-05", precision: "MONTH" }],
          patterns: [["xen summit"]],
          hypervisors: ["xen"],
          vendors: [],
          sources: [{ url: "https://xenproject.org/", title: "Xen Project" }],
        },
      },
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const message = await nextFor(client, "ev");
    const data = (message.payload as { data: { eventAdded: { event: { slug: string; phases: unknown[] } } } }).data;
    assert.equal(data.eventAdded.event.slug, "bench-xen-summit-2031");
    assert.deepEqual(data.eventAdded.event.phases, [{ name: "ANNOUNCED", precision: "MONTH" }]);
  });

  it("closing a socket releases its bus subscriptions", async () => {
    const client = await connect(wsUrl(b.url));
    const before = b.bus.subscriberCount;
    subscribe(client, "x", ARTICLE_ADDED);
    for (let turn = 0; turn < 200 && b.bus.subscriberCount === before; turn++) {
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(b.bus.subscriberCount, before + 1);
    await client.close();
    for (let turn = 0; turn < 200 && b.bus.subscriberCount > before; turn++) await new Promise((r) => setImmediate(r));
    assert.equal(b.bus.subscriberCount, before);
  });

  it("D9: shutting an instance down closes its subscribers' sockets with 1001", async () => {
    const c = await startTestApp({ dbName, env: env() });
    const client = await connect(wsUrl(c.url));
    subscribe(client, "s", ARTICLE_ADDED);
    // The subscription exists once the bus has its subscriber; wait for it, boundedly, without sleeping blind.
    for (let turn = 0; turn < 200 && c.bus.subscriberCount === 0; turn++) await new Promise((r) => setImmediate(r));
    assert.equal(c.bus.subscriberCount, 1);
    await c.stop();
    const closed = await client.closed;
    assert.equal(closed.code, 1001);
  });
});
