import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { gql, seedArticles, seedFeed } from "../support/api-app.js";
import { type CountedServer, startCountedServer } from "../support/counted-server.js";

/** Every relation of an article, two levels deep. */
const ALL_RELATIONS = `query Relations($first: Int!) {
  articles(first: $first) {
    edges { node {
      id title
      feeds { id title health { lastOutcome } }
      hypervisors { slug name vendors { slug vendor { name } } }
      vendors { slug name }
      topics { slug name }
      events { slug title hypervisors { slug } vendors { slug } }
      links { kind slug confidence origin }
    } }
  }
}`;

interface RelationsData {
  articles: {
    edges: {
      node: {
        feeds: { id: string }[];
        hypervisors: { slug: string; vendors: { vendor: { name: string } | null }[] }[];
        vendors: { slug: string }[];
        topics: { slug: string }[];
        events: { slug: string; hypervisors: { slug: string }[] }[];
      };
    }[];
  };
}

const HYPERVISORS = ["xen", "kvm", "esx", "hyper-v", "virtualbox", "bhyve"];
const VENDORS = ["citrix", "vmware", "microsoft", "oracle", "red-hat"];
const TOPICS = ["hardware-assist", "paravirtualization", "live-migration"];
const EVENTS = ["citrix-acquires-xensource", "xen-first-release"];

describe("relations go through per-request DataLoaders", () => {
  let server: CountedServer;
  before(async () => {
    server = await startCountedServer("relations");
    const feeds = [
      await seedFeed(server.testDb.db, "https://feeds.test/r1.xml"),
      await seedFeed(server.testDb.db, "https://feeds.test/r2.xml"),
    ];
    await seedArticles(
      server.testDb.db,
      Array.from({ length: 120 }, (_, i) => ({
        title: `Article ${i}`,
        publishedAt: new Date(Date.UTC(2015, 0, 1) + i * 86_400_000).toISOString(),
        feedId: feeds[i % 2]!,
        links: [
          `HYPERVISOR:${HYPERVISORS[i % HYPERVISORS.length]}`,
          `HYPERVISOR:${HYPERVISORS[(i + 1) % HYPERVISORS.length]}`,
          `VENDOR:${VENDORS[i % VENDORS.length]}`,
          `TOPIC:${TOPICS[i % TOPICS.length]}`,
          `EVENT:${EVENTS[i % EVENTS.length]}`,
        ],
      })),
    );
  });
  after(() => server.close());

  const run = async (first: number) => {
    const mark = server.counter.mark();
    const result = await gql<RelationsData>(server.url, ALL_RELATIONS, { first });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return {
      data: result.data!,
      counts: server.counter.countSince(mark),
      commands: server.counter.commandsSince(mark),
    };
  };

  it("costs the same commands for 10 and 100 articles with every relation selected", async () => {
    const small = await run(10);
    const large = await run(100);
    assert.equal(small.data.articles.edges.length, 10);
    assert.equal(large.data.articles.edges.length, 100);
    // Only finds; how many depends on which nested levels the loaders batch together (at most
    // one per collection and level: 8), never on the number of articles.
    assert.deepEqual(Object.keys(large.counts), ["find"]);
    assert.ok(
      (small.counts["find"] ?? 0) <= 8 && (large.counts["find"] ?? 0) <= 8,
      JSON.stringify({ small: small.counts, large: large.counts }),
    );
    // One page read, then one `$in` per related collection and nesting level (vendors come in
    // at three levels: the articles', the events' and the hypervisors' tenures).
    const targets = large.commands.map((command) => String(command.target));
    assert.deepEqual([...new Set(targets)].sort(), ["articles", "events", "feeds", "hypervisors", "topics", "vendors"]);
    assert.equal(targets.filter((target) => target === "articles").length, 1);
    assert.ok(targets.length <= 8, `at most one command per collection and level, got ${targets.join(", ")}`);
  });

  it("resolves the related entities themselves", async () => {
    const { data } = await run(10);
    const node = data.articles.edges[0]!.node;
    assert.equal(node.feeds.length, 1);
    assert.equal(node.hypervisors.length, 2);
    assert.equal(node.vendors.length, 1);
    assert.equal(node.topics.length, 1);
    assert.equal(node.events.length, 1);
    assert.ok(node.hypervisors.every((hypervisor) => hypervisor.vendors.every((tenure) => tenure.vendor !== null)));
  });
});
