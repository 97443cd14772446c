import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { App } from "../../../../src/app.js";
import { codeOf, gql, seedArticles, seedFeed, startApiApp, stopApiApp } from "../support/api-app.js";

const LIST = `query List($filter: ArticleFilter, $first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrder! = NEWEST_FIRST) {
  articles(filter: $filter, first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
    edges { cursor node { id title publishedAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface ListData {
  articles: {
    edges: { cursor: string; node: { id: string; title: string; publishedAt: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

describe("articles and article(id)", () => {
  let app: App;
  let ids: string[];
  let feedA = "";
  const titles = async (variables: Record<string, unknown>) => {
    const result = await gql<ListData>(app.url, LIST, variables);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!.articles.edges.map((edge) => edge.node.title);
  };

  before(async () => {
    app = await startApiApp("articles");
    const db = app.database.db;
    const a = await seedFeed(db, "https://feeds.test/a.xml");
    const b = await seedFeed(db, "https://feeds.test/b.xml");
    feedA = a.toHexString();
    ids = await seedArticles(db, [
      {
        title: "Xen 4.0 ships with new PV drivers",
        publishedAt: "2010-04-07T10:00:00Z",
        feedId: a,
        links: ["HYPERVISOR:xen", "TOPIC:paravirtualization"],
      },
      {
        title: "KVM merged into Linux 2.6.20",
        publishedAt: "2007-02-05T10:00:00Z",
        feedId: a,
        links: ["HYPERVISOR:kvm@0.5", "VENDOR:qumranet"],
      },
      {
        title: "Citrix buys XenSource",
        publishedAt: "2007-08-15T12:00:00Z",
        feedId: b,
        links: ["HYPERVISOR:xen", "VENDOR:citrix", "EVENT:citrix-acquires-xensource"],
      },
      {
        title: "Xen and KVM compared",
        publishedAt: "2012-06-01T08:00:00Z",
        feedId: b,
        links: ["HYPERVISOR:xen", "HYPERVISOR:kvm", "HYPERVISOR:esx!"],
      },
      {
        title: "Hyper-V Server 2008 released",
        publishedAt: "2008-10-01T09:00:00Z",
        feedId: b,
        links: ["HYPERVISOR:hyper-v@0.95", "VENDOR:microsoft"],
      },
    ]);
  });
  after(() => stopApiApp(app));

  it("lists newest first, and oldest first on request", async () => {
    assert.deepEqual(await titles({}), [
      "Xen and KVM compared",
      "Xen 4.0 ships with new PV drivers",
      "Hyper-V Server 2008 released",
      "Citrix buys XenSource",
      "KVM merged into Linux 2.6.20",
    ]);
    assert.deepEqual(await titles({ orderBy: "OLDEST_FIRST", first: 2 }), [
      "KVM merged into Linux 2.6.20",
      "Citrix buys XenSource",
    ]);
  });

  const filters: [string, Record<string, unknown>, string[]][] = [
    [
      "hypervisors ANY",
      { hypervisors: ["kvm", "hyper-v"] },
      ["Xen and KVM compared", "Hyper-V Server 2008 released", "KVM merged into Linux 2.6.20"],
    ],
    ["hypervisors ALL", { hypervisors: ["xen", "kvm"], hypervisorMatch: "ALL" }, ["Xen and KVM compared"]],
    ["vendors", { vendors: ["citrix"] }, ["Citrix buys XenSource"]],
    ["topics", { topics: ["paravirtualization"] }, ["Xen 4.0 ships with new PV drivers"]],
    ["events", { events: ["citrix-acquires-xensource"] }, ["Citrix buys XenSource"]],
    [
      "dates [from, to)",
      { from: "2007-08-15T12:00:00Z", to: "2010-04-07T10:00:00Z" },
      ["Hyper-V Server 2008 released", "Citrix buys XenSource"],
    ],
    ["text: every word, any case and accent", { text: "XÉN pv" }, ["Xen 4.0 ships with new PV drivers"]],
    [
      "minConfidence",
      { hypervisors: ["kvm", "hyper-v"], minConfidence: 0.8 },
      ["Xen and KVM compared", "Hyper-V Server 2008 released"],
    ],
    ["rejected links excluded by default", { hypervisors: ["esx"] }, []],
    ["rejected links included", { hypervisors: ["esx"], rejectedLinks: "INCLUDE" }, ["Xen and KVM compared"]],
    ["rejected links only", { rejectedLinks: "ONLY" }, ["Xen and KVM compared"]],
  ];
  for (const [name, filter, expected] of filters) {
    it(`filters by ${name}`, async () => {
      assert.deepEqual(await titles({ filter }), expected);
    });
  }

  it("filters by feed", async () => {
    assert.deepEqual(await titles({ filter: { feeds: [feedA] } }), [
      "Xen 4.0 ships with new PV drivers",
      "KVM merged into Linux 2.6.20",
    ]);
  });

  it("pages with opaque cursors, forward and back", async () => {
    const first = await gql<ListData>(app.url, LIST, { first: 2 });
    const page1 = first.data!.articles;
    assert.equal(page1.pageInfo.hasNextPage, true);
    const second = await gql<ListData>(app.url, LIST, { first: 2, after: page1.pageInfo.endCursor });
    assert.deepEqual(
      second.data!.articles.edges.map((e) => e.node.title),
      ["Hyper-V Server 2008 released", "Citrix buys XenSource"],
    );
    const back = await gql<ListData>(app.url, LIST, { last: 2, before: second.data!.articles.pageInfo.startCursor });
    assert.deepEqual(
      back.data!.articles.edges.map((e) => e.node.id),
      page1.edges.map((e) => e.node.id),
    );
  });

  it("returns one article with its links, and NOT_FOUND / BAD_USER_INPUT for a missing or malformed id", async () => {
    const query = `query One($id: ID!) { article(id: $id) { id title links(includeRejected: true) { kind slug confidence origin rejected evidence { alias field offset } } } }`;
    const found = await gql<{ article: { id: string; links: { slug: string; rejected: boolean; origin: string }[] } }>(
      app.url,
      query,
      { id: ids[3] },
    );
    assert.equal(found.data?.article.id, ids[3]);
    assert.deepEqual(found.data?.article.links.map((link) => `${link.slug}:${link.origin}:${link.rejected}`).sort(), [
      "esx:MANUAL:true",
      "kvm:AUTO:false",
      "xen:AUTO:false",
    ]);
    assert.equal(codeOf(await gql(app.url, query, { id: "0123456789abcdef01234567" })), "NOT_FOUND");
    assert.equal(codeOf(await gql(app.url, query, { id: "not-an-id" })), "BAD_USER_INPUT");
  });

  const invalid: [string, Record<string, unknown>][] = [
    ["a malformed slug", { filter: { hypervisors: ["Not A Slug"] } }],
    ["too many slugs", { filter: { vendors: Array.from({ length: 21 }, (_, i) => `v${i}`) } }],
    ["a malformed feed id", { filter: { feeds: ["xyz"] } }],
    ["from after to", { filter: { from: "2012-01-01T00:00:00Z", to: "2010-01-01T00:00:00Z" } }],
    ["a date that is not one", { filter: { from: "2012-13-45" } }],
    ["a confidence above 1", { filter: { minConfidence: 1.5 } }],
    ["a page over 100", { first: 101 }],
    ["a forged cursor", { after: "eyJ2IjoxfQ" }],
  ];
  for (const [name, variables] of invalid) {
    it(`answers BAD_USER_INPUT for ${name}`, async () => {
      assert.equal(codeOf(await gql(app.url, LIST, variables)), "BAD_USER_INPUT");
    });
  }
});
