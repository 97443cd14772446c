import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { App } from "../../../../src/app.js";
import { codeOf, gql, seedArticles, seedFeed, startApiApp, stopApiApp } from "../support/api-app.js";

describe("catalog queries: hypervisors, vendors, topics, events, compare", () => {
  let app: App;
  before(async () => {
    app = await startApiApp("catalog");
    const feed = await seedFeed(app.database.db, "https://feeds.test/c.xml");
    await seedArticles(app.database.db, [
      {
        title: "Xen PV explained",
        publishedAt: "2011-01-01T00:00:00Z",
        feedId: feed,
        links: ["HYPERVISOR:xen", "TOPIC:paravirtualization"],
      },
      {
        title: "KVM needs VT-x",
        publishedAt: "2012-01-01T00:00:00Z",
        feedId: feed,
        links: ["HYPERVISOR:kvm", "TOPIC:hardware-assist"],
      },
      {
        title: "Xen and VT-x",
        publishedAt: "2013-01-01T00:00:00Z",
        feedId: feed,
        links: ["HYPERVISOR:xen", "TOPIC:hardware-assist", "VENDOR:citrix"],
      },
    ]);
  });
  after(() => stopApiApp(app));

  it("lists hypervisors with facts, vendors over time and article counts", async () => {
    const result = await gql<{
      hypervisors: {
        slug: string;
        articleCount: number;
        vendors: { slug: string; vendor: { name: string } | null }[];
        architecture: { style: string };
      }[];
    }>(
      app.url,
      `{ hypervisors { slug name kind articleCount vendors { slug from to vendor { name } } architecture { style controlDomain } hardwareAssist { requirement } paravirtualization { supports } aliases { text } firstRelease { date precision } } }`,
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const xen = result.data!.hypervisors.find((hypervisor) => hypervisor.slug === "xen")!;
    assert.equal(xen.articleCount, 2);
    assert.ok(xen.vendors.length > 0 && xen.vendors.every((tenure) => tenure.vendor !== null));
    assert.equal(result.data!.hypervisors.find((hypervisor) => hypervisor.slug === "kvm")!.articleCount, 1);
  });

  it("reads one hypervisor with its articles, events and timeline; NOT_FOUND / BAD_USER_INPUT for bad slugs", async () => {
    const result = await gql<{
      hypervisor: {
        articles: { edges: { node: { title: string } }[] };
        events: { edges: { node: { slug: string } }[] };
        timeline: { buckets: { articleCount: number }[] };
      };
    }>(
      app.url,
      `{ hypervisor(slug: "xen") { name articles(first: 5) { edges { node { title } } } events(first: 3) { edges { node { slug } } } timeline { buckets(granularity: YEAR) { articleCount } } } }`,
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.deepEqual(
      result.data!.hypervisor.articles.edges.map((e) => e.node.title),
      ["Xen and VT-x", "Xen PV explained"],
    );
    assert.equal(result.data!.hypervisor.events.edges.length, 3);
    assert.equal(
      result.data!.hypervisor.timeline.buckets.reduce((sum, b) => sum + b.articleCount, 0),
      2,
    );
    assert.equal(codeOf(await gql(app.url, `{ hypervisor(slug: "no-such") { name } }`)), "NOT_FOUND");
    assert.equal(codeOf(await gql(app.url, `{ hypervisor(slug: "Bad Slug!") { name } }`)), "BAD_USER_INPUT");
  });

  it("reads vendors, topics and filtered events", async () => {
    const vendor = await gql<{ vendor: { hypervisors: { slug: string }[]; articleCount: number } }>(
      app.url,
      `{ vendor(slug: "citrix") { name articleCount hypervisors { slug } ownership { kind date { precision } } } }`,
    );
    assert.equal(vendor.data?.vendor.articleCount, 1);
    assert.ok(vendor.data?.vendor.hypervisors.some((h) => h.slug === "xen"));
    assert.equal(codeOf(await gql(app.url, `{ vendor(slug: "nobody") { name } }`)), "NOT_FOUND");
    const topics = await gql<{ topics: { slug: string; articleCount: number }[] }>(
      app.url,
      `{ topics { slug articleCount } }`,
    );
    assert.equal(topics.data?.topics.find((t) => t.slug === "hardware-assist")?.articleCount, 2);
    const events = await gql<{
      events: { edges: { node: { slug: string; kind: string } }[]; pageInfo: { hasNextPage: boolean } };
    }>(
      app.url,
      `{ events(filter: { kinds: [ACQUISITION], hypervisors: ["xen"] }, first: 10) { edges { node { slug kind } } pageInfo { hasNextPage } } }`,
    );
    assert.deepEqual(
      events.data?.events.edges.map((e) => e.node.slug),
      ["citrix-acquires-xensource"],
    );
    const all = await gql<{ events: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } }>(
      app.url,
      `{ events(first: 5) { edges { cursor } pageInfo { hasNextPage } } }`,
    );
    assert.equal(all.data?.events.edges.length, 5);
    assert.equal(all.data?.events.pageInfo.hasNextPage, true);
  });

  it("compares hypervisors side by side with the articles about each aspect", async () => {
    const result = await gql<{
      compare: {
        hypervisors: { slug: string }[];
        rows: {
          aspect: string;
          cells: { hypervisor: { slug: string }; summary: string; articles: { title: string }[] }[];
        }[];
      };
    }>(
      app.url,
      `{ compare(hypervisors: ["xen", "kvm"]) { hypervisors { slug } rows { aspect topic cells { hypervisor { slug } summary changes { version } articles { title } } } } }`,
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const rows = result.data!.compare.rows;
    assert.deepEqual(
      rows.map((row) => row.aspect),
      ["ARCHITECTURE", "HARDWARE_ASSIST", "PARAVIRTUALIZATION"],
    );
    const assist = rows[1]!.cells.map((cell) => [cell.hypervisor.slug, cell.articles.map((a) => a.title)]);
    assert.deepEqual(assist, [
      ["xen", ["Xen and VT-x"]],
      ["kvm", ["KVM needs VT-x"]],
    ]);
    assert.deepEqual(
      rows[2]!.cells[0]!.articles.map((a) => a.title),
      ["Xen PV explained"],
    );
    assert.equal(codeOf(await gql(app.url, `{ compare(hypervisors: ["xen"]) { rows { aspect } } }`)), "BAD_USER_INPUT");
    assert.equal(
      codeOf(await gql(app.url, `{ compare(hypervisors: ["xen", "nope"]) { rows { aspect } } }`)),
      "BAD_USER_INPUT",
    );
  });
});
