import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { normalizeFeedUrl as normalizeUrl } from "../../../src/feeds/normalize/url.js";
import { exportOpml, importOpml } from "../../../src/ingest/add-feeds.js";
import { loadDefaultFeeds } from "../../../src/ingest/load-default-feeds.js";
import { refreshDueFeeds } from "../../../src/ingest/refresh-due-feeds.js";
import { feedsCollection, listFeeds } from "../../../src/store/feeds.js";
import { ensureIndexes } from "../../../src/store/indexes.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";
import { createTestDeps } from "./ingest-harness.js";

const now = new Date("2026-03-01T12:00:00Z");

describe("feed registry", () => {
  let t: TestDatabase;
  before(async () => {
    t = await openTestDatabase("feed_registry");
    await ensureIndexes(t.db);
  });
  after(() => t.drop());

  it("loads the default list idempotently: a second load adds nothing and resets nothing", async () => {
    const first = await loadDefaultFeeds(t.db, { normalizeUrl, now });
    assert.ok(first.added >= 12, `${first.added} default feeds`);
    assert.deepEqual(first.rejected, []);
    const feeds = await listFeeds(t.db);
    assert.equal(feeds.length, first.added);
    const tags = new Set(feeds.flatMap((feed) => feed.tags));
    for (const tag of ["vmware", "xen", "hyper-v", "kvm", "qemu", "libvirt", "proxmox", "news"]) {
      assert.ok(tags.has(tag), `a default feed is tagged ${tag}`);
    }
    const edited = feeds[0]!;
    await feedsCollection(t.db).updateOne(
      { url: edited.url },
      { $set: { title: "Renamed by an editor", etag: '"kept"', "health.consecutiveFailures": 4 } },
    );

    const second = await loadDefaultFeeds(t.db, { normalizeUrl, now: new Date(now.getTime() + 86_400_000) });
    assert.deepEqual([second.added, second.existing], [0, first.added]);
    assert.equal((await listFeeds(t.db)).length, first.added);
    const kept = await feedsCollection(t.db).findOne({ url: edited.url });
    assert.deepEqual(
      [kept?.title, kept?.etag, kept?.health.consecutiveFailures],
      ["Renamed by an editor", '"kept"', 4],
    );
    assert.deepEqual(kept?.createdAt, now);
  });

  it("unreachable default hosts fail politely: each feed records why, the run returns", async () => {
    // No allow-list and (on build machines) no internet: every fetch ends in an error result.
    const deps = createTestDeps(t.db, []);
    const run = await refreshDueFeeds(deps, new Date(now.getTime() + 2 * 86_400_000), { concurrency: 16 });
    assert.equal(run.stoppedEarly, null);
    const feeds = await listFeeds(t.db);
    assert.equal(run.feeds, feeds.length);
    for (const feed of feeds) {
      assert.ok(feed.health.lastFetchAt, `${feed.url} was tried`);
      if (feed.health.lastOutcome === "failed") {
        assert.ok(feed.health.lastErrorCode, feed.url);
        assert.ok(feed.health.lastError?.includes(feed.url), `${feed.url}: ${feed.health.lastError}`);
        assert.equal(feed.nextFetchReason.basis === "backoff" || feed.nextFetchReason.basis === "hint", true);
      }
    }
  });

  it("imports OPML idempotently, refusing non-http URLs and duplicates, and exports what it holds", async () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
      <outline text="KVM"><outline text="KVM news" xmlUrl="https://kvm.example/feed.xml" htmlUrl="https://kvm.example/"/>
        <outline text="dup" xmlUrl="https://KVM.example/feed.xml"/></outline>
      <outline text="evil" xmlUrl="javascript:alert(1)"/>
      <outline text="local" xmlUrl="file:///etc/passwd"/>
      <outline text="Xen &amp; friends" xmlUrl="https://xen.example/rss?a=1&amp;b=2" category="xen"/>
    </body></opml>`;
    const first = await importOpml(t.db, opml, { normalizeUrl, now });
    assert.equal(first.added, 2);
    assert.deepEqual(first.rejected.map((rejected) => rejected.url).sort(), [
      "file:///etc/passwd",
      "javascript:alert(1)",
    ]);
    const again = await importOpml(t.db, opml, { normalizeUrl, now });
    assert.deepEqual([again.added, again.existing], [0, 2]);
    const xen = await feedsCollection(t.db).findOne({ url: "https://xen.example/rss?a=1&b=2" });
    assert.deepEqual([xen?.title, xen?.tags], ["Xen & friends", ["xen"]]);

    const exported = await exportOpml(t.db, { now });
    const copy = await openTestDatabase("feed_registry_copy");
    try {
      await ensureIndexes(copy.db);
      const imported = await importOpml(copy.db, exported, { normalizeUrl, now });
      const originals = await listFeeds(t.db);
      assert.equal(imported.added, originals.length);
      const summary = (feeds: Awaited<ReturnType<typeof listFeeds>>) =>
        feeds.map((feed) => [feed.url, feed.title, feed.siteUrl, feed.tags]);
      assert.deepEqual(summary(await listFeeds(copy.db)), summary(originals));
    } finally {
      await copy.drop();
    }
  });
});
