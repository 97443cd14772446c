import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { gql, seedArticles, seedFeed } from "../support/api-app.js";
import { type CountedServer, startCountedServer } from "../support/counted-server.js";

const BUCKETS = `query Buckets($filter: TimelineFilter!, $granularity: Granularity!) {
  timeline(filter: $filter) {
    buckets(granularity: $granularity) {
      start end articleCount
      byHypervisor { slug count }
      byVendor { slug count }
      events { slug phase date precision event { title } }
    }
  }
}`;

interface BucketData {
  timeline: {
    buckets: {
      start: string;
      end: string;
      articleCount: number;
      byHypervisor: { slug: string; count: number }[];
      byVendor: { slug: string; count: number }[];
      events: { slug: string; phase: string; date: string; precision: string }[];
    }[];
  };
}

const ITEMS = `query Items($filter: TimelineFilter!, $first: Int, $after: String) {
  timeline(filter: $filter) {
    items(first: $first, after: $after) {
      edges { cursor node { kind date precision phase article { title } event { slug } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface ItemsData {
  timeline: {
    items: {
      edges: {
        node: {
          kind: string;
          date: string;
          precision: string;
          article: { title: string } | null;
          event: { slug: string } | null;
        };
      }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

describe("timeline", () => {
  let server: CountedServer;
  before(async () => {
    server = await startCountedServer("timeline");
    const feed = await seedFeed(server.testDb.db, "https://feeds.test/t.xml");
    // One article on the 10th of every month 2015-2024 about xen (even months) or kvm (odd),
    // plus two in December 2005 (the month of a MONTH-precision Xen release event).
    const monthly = Array.from({ length: 120 }, (_, i) => ({
      title: `Month ${i}`,
      publishedAt: new Date(Date.UTC(2015, i, 10, 12)).toISOString(),
      feedId: feed,
      links: i % 2 === 0 ? ["HYPERVISOR:xen", "VENDOR:citrix"] : ["HYPERVISOR:kvm"],
    }));
    await seedArticles(server.testDb.db, [
      ...monthly,
      { title: "Xen 3.0 is out", publishedAt: "2005-12-05T09:00:00Z", feedId: feed, links: ["HYPERVISOR:xen"] },
      {
        title: "Xen 3.0 reviewed",
        publishedAt: "2005-12-20T09:00:00Z",
        feedId: feed,
        links: ["HYPERVISOR:xen", "HYPERVISOR:kvm"],
      },
    ]);
  });
  after(() => server.close());

  const buckets = async (filter: Record<string, unknown>, granularity: string) => {
    const mark = server.counter.mark();
    const result = await gql<BucketData>(server.url, BUCKETS, { filter, granularity });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return { buckets: result.data!.timeline.buckets, finds: server.counter.countSince(mark) };
  };

  it("answers ten years of months from the stored counts in two commands, as it does one year of days", async () => {
    const tenYears = await buckets({ from: "2015-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z" }, "MONTH");
    assert.equal(tenYears.buckets.length, 120);
    assert.ok(tenYears.buckets.every((bucket) => bucket.articleCount === 1));
    assert.deepEqual(tenYears.finds, { find: 2 });
    const days = await buckets({ from: "2016-01-01T00:00:00Z", to: "2017-01-01T00:00:00Z" }, "DAY");
    assert.equal(days.buckets.length, 366);
    assert.deepEqual(days.finds, { find: 2 });
    const years = await buckets({ from: "2015-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z" }, "YEAR");
    assert.deepEqual(
      years.buckets.map((bucket) => bucket.articleCount),
      Array(10).fill(12),
    );
    assert.deepEqual(years.buckets[0]!.byHypervisor, [
      { slug: "kvm", count: 6 },
      { slug: "xen", count: 6 },
    ]);
    assert.deepEqual(years.buckets[0]!.byVendor, [{ slug: "citrix", count: 6 }]);
  });

  it("counts a filtered timeline from the matching articles, still in two commands", async () => {
    const xen = await buckets(
      { hypervisors: ["xen"], from: "2015-01-01T00:00:00Z", to: "2016-01-01T00:00:00Z" },
      "QUARTER",
    );
    assert.deepEqual(
      xen.buckets.map((bucket) => bucket.articleCount),
      [2, 1, 2, 1],
    );
    assert.deepEqual(xen.finds, { find: 2 });
    assert.equal(xen.buckets[0]!.start, "2015-01-01T00:00:00.000Z");
    assert.equal(xen.buckets[0]!.end, "2015-04-01T00:00:00.000Z");
  });

  it("keeps an event's partial date: a MONTH phase is in its month, and says MONTH in a week", async () => {
    const filter = { hypervisors: ["xen"], from: "2005-12-01T00:00:00Z", to: "2006-01-01T00:00:00Z" };
    const [month] = (await buckets(filter, "MONTH")).buckets;
    assert.equal(month!.articleCount, 2);
    assert.deepEqual(
      month!.events.map((event) => [event.slug, event.precision]),
      [["xen-3-0-released", "MONTH"]],
    );
    const weeks = (await buckets(filter, "WEEK")).buckets;
    // 2005-12-01 is a Thursday: the first ISO week starts on Monday 28 November.
    assert.equal(weeks[0]!.start, "2005-11-28T00:00:00.000Z");
    const withEvent = weeks.filter((week) => week.events.length > 0);
    assert.equal(withEvent.length, 1);
    assert.equal(withEvent[0]!.start, "2005-11-28T00:00:00.000Z");
    assert.equal(withEvent[0]!.events[0]!.precision, "MONTH");
    assert.equal(withEvent[0]!.events[0]!.date, "2005-12-01T00:00:00.000Z");
  });

  it("merges articles and event phases in one newest-first, cursor-paged list", async () => {
    const filter = { hypervisors: ["xen"], from: "2005-06-01T00:00:00Z", to: "2006-08-01T00:00:00Z" };
    const seen: ItemsData["timeline"]["items"]["edges"][number]["node"][] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages += 1) {
      const result: Awaited<ReturnType<typeof gql<ItemsData>>> = await gql<ItemsData>(server.url, ITEMS, {
        filter,
        first: 1,
        after,
      });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      seen.push(...result.data!.timeline.items.edges.map((edge) => edge.node));
      if (!result.data!.timeline.items.pageInfo.hasNextPage) break;
      after = result.data!.timeline.items.pageInfo.endCursor;
    }
    assert.deepEqual(
      seen.map((item) => [item.kind, item.precision, item.article?.title ?? item.event?.slug]),
      [
        ["EVENT", "MONTH", "sles-10-ships-xen"],
        ["ARTICLE", "INSTANT", "Xen 3.0 reviewed"],
        ["ARTICLE", "INSTANT", "Xen 3.0 is out"],
        ["EVENT", "MONTH", "xen-3-0-released"],
      ],
    );
  });

  it("refuses a series of more than 4000 buckets", async () => {
    const result = await gql(server.url, BUCKETS, {
      filter: { from: "1990-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z" },
      granularity: "DAY",
    });
    assert.equal(result.errors?.[0]?.extensions?.["code"], "BAD_USER_INPUT");
  });
});
