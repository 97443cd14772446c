import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ObjectId } from "mongodb";

import {
  dedupeKeyOf,
  MAX_ITEMS_PER_RUN,
  nextItemIndex,
  planArticleWrites,
  type StoredView,
  viewFromArticles,
} from "../../../src/ingest/plan-article-writes.js";
import type { NormalizedEntry } from "../../../src/model/entry.js";
import type { ArticleLink } from "../../../src/model/links.js";

const now = new Date("2026-03-01T12:00:00Z");
const feedId = ObjectId.createFromHexString("aaaaaaaaaaaaaaaaaaaaaaaa");

function entry(itemKey: string, overrides: Partial<NormalizedEntry> = {}): NormalizedEntry {
  return {
    itemKey,
    itemKeySource: "guid",
    title: `Title ${itemKey}`,
    url: `https://news.example/${itemKey}`,
    canonicalUrl: `https://news.example/${itemKey}`,
    contentHtml: "<p>body</p>",
    summary: "body",
    publishedAt: new Date("2026-02-28T10:00:00Z"),
    updatedAt: null,
    dateClamped: false,
    authors: [],
    categories: [],
    enclosures: [],
    contentHash: `hash-${itemKey}`,
    ...overrides,
  };
}

const manualRejection: ArticleLink = {
  kind: "VENDOR",
  slug: "vmware",
  confidence: 1,
  origin: "MANUAL",
  evidence: [],
  relation: null,
  rejected: true,
};

function plan(entries: NormalizedEntry[], stored: StoredView) {
  const linked: { itemKey: string; previous: readonly ArticleLink[] }[] = [];
  const result = planArticleWrites({
    feedId,
    entries,
    stored,
    now,
    newId: () => new ObjectId(),
    link: (item, _publishedAt, previous) => {
      linked.push({ itemKey: item.itemKey, previous });
      return { links: [], hypervisors: [], vendors: [], topics: [], events: [], linkedCatalogVersion: "v1" };
    },
  });
  return { result, linked };
}

const empty: StoredView = { items: new Map(), stories: new Map() };

describe("planArticleWrites", () => {
  it("decides per item: unchanged, update in place, attach to a stored story, insert", () => {
    const storedId = new ObjectId();
    const otherFeedsStory = new ObjectId();
    const stored: StoredView = {
      items: new Map([
        ["same", { articleId: new ObjectId(), contentHash: "hash-same", links: [], publishedAt: null }],
        ["edited", { articleId: storedId, contentHash: "old-hash", links: [manualRejection], publishedAt: now }],
      ]),
      stories: new Map([["url:https://news.example/syndicated", otherFeedsStory]]),
    };
    const { result, linked } = plan([entry("same"), entry("edited"), entry("syndicated"), entry("fresh")], stored);
    assert.deepEqual(
      result.writes.map((write) => write.kind),
      ["update", "attach", "insert"],
    );
    assert.deepEqual([result.itemsUnchanged, result.itemsUpdated, result.itemsNew], [1, 1, 2]);
    assert.deepEqual(result.touchedIds, [storedId, otherFeedsStory]);
    assert.equal(result.insertedIds.length, 1);
    assert.deepEqual(
      linked.map((call) => [call.itemKey, call.previous.length]),
      [
        ["edited", 1],
        ["fresh", 0],
      ],
      "only written items are linked; an update sees the stored MANUAL links",
    );
    assert.deepEqual(
      result.index.map((item) => item.itemKey),
      ["same", "edited", "syndicated", "fresh"],
    );
  });

  it("a repeated item key is stored once; two keys with one canonical URL share one article", () => {
    const shared = { canonicalUrl: "https://news.example/shared" };
    const { result } = plan([entry("a", shared), entry("a"), entry("b", shared)], empty);
    assert.deepEqual(
      result.writes.map((write) => write.kind),
      ["insert", "attach"],
    );
    const [insert, attach] = result.writes;
    assert.ok(insert?.kind === "insert" && attach?.kind === "attach");
    assert.equal(attach.id, insert.id);
    assert.deepEqual(result.insertedIds, [insert.id]);
    assert.deepEqual(result.touchedIds, [], "attaching to an article of this very run touches nothing stored");
  });

  it("an item without a link gets an identity of its own feed; an undated edit keeps its first date", () => {
    assert.equal(dedupeKeyOf(feedId, entry("x", { canonicalUrl: null })), `item:${feedId.toHexString()}:x`);
    const firstDate = new Date("2025-01-01T00:00:00Z");
    const stored: StoredView = {
      items: new Map([["u", { articleId: new ObjectId(), contentHash: "old", links: [], publishedAt: firstDate }]]),
      stories: new Map(),
    };
    const { result } = plan([entry("u", { publishedAt: null })], stored);
    const [update] = result.writes;
    assert.ok(update?.kind === "update");
    assert.deepEqual(update.content.publishedAt, firstDate);
  });

  it(`stores at most ${MAX_ITEMS_PER_RUN} items of one body`, () => {
    const many = Array.from({ length: MAX_ITEMS_PER_RUN + 5 }, (_, i) => entry(`k${i}`));
    assert.equal(plan(many, empty).result.writes.length, MAX_ITEMS_PER_RUN);
  });
});

describe("item index views", () => {
  it("reads this feed's items from articles found by source key", () => {
    const id = new ObjectId();
    const view = viewFromArticles(feedId, [
      {
        _id: id,
        dedupeKey: "url:https://news.example/a",
        sourceKeys: [`${feedId.toHexString()}:a`, "cccccccccccccccccccccccc:other"],
        contentHash: "h",
        links: [],
        publishedAt: now,
      },
    ]);
    assert.deepEqual([...view.items.keys()], ["a"]);
    assert.equal(view.stories.get("url:https://news.example/a"), id);
  });

  it("keeps this body's items first and a bounded history of older ones", () => {
    const item = (itemKey: string) => ({ itemKey, articleId: new ObjectId(), contentHash: itemKey });
    const next = nextItemIndex(
      [item("b"), item("c")],
      [item("a"), item("b"), ...Array.from({ length: 300 }, (_, i) => item(`old${i}`))],
    );
    assert.deepEqual(
      next.slice(0, 3).map((entry) => entry.itemKey),
      ["b", "c", "a"],
    );
    assert.equal(next.length, 2 + 200);
  });
});
