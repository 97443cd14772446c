import { ObjectId } from "mongodb";

import type { NormalizedEntry } from "../model/entry.js";
import { findTombstones } from "../store/article-tombstones.js";
import {
  type ArticleWriteResult,
  findArticleLinks,
  findExistingArticles,
  sourceKey,
  writeArticles,
} from "../store/articles.js";
import { type ItemIndexEntry, readItemIndex, writeItemIndex } from "../store/feed-items.js";
import { type IngestDeps, IngestError, mentionUrl } from "./ingest-deps.js";
import { linkEntry } from "./link-entry.js";
import {
  type ArticlePlan,
  changedArticleIds,
  dedupeKeyOf,
  nextItemIndex,
  planArticleWrites,
  type StoredView,
  tombstoneKeysToCheck,
  uniqueItems,
  viewFromArticles,
  viewFromIndex,
} from "./plan-article-writes.js";

/** What writing a body's items did. */
export interface WrittenItems {
  itemsNew: number;
  itemsUpdated: number;
  insertedIds: ObjectId[];
  touchedIds: ObjectId[];
}

/** Re-reads after a lost insert race (E11000, SERVER-20380): up to this many times. */
const CONFLICT_RETRIES = 3;

interface Target {
  id: ObjectId;
  url: string;
}

/**
 * Plans from the feed's item index (no article query: FerretDB would scan the collection),
 * writes one bulkWrite, and when inserts are refused because another writer (another feed with
 * the same story, another process) stored them first, re-reads the articles themselves and
 * writes what is left, a few rounds at most (a racer may be mid-batch). The counts are the
 * first plan's: those items are new for this feed either way.
 */
export async function writeFeedItems(
  deps: IngestDeps,
  feed: Target,
  entries: readonly NormalizedEntry[],
  now: Date,
): Promise<WrittenItems> {
  const itemIndex = await storeStep(feed.url, "cannot read the item index", () => readItemIndex(deps.db, feed.id));
  const view = await withStoredLinks(deps, feed, entries, await withTombstones(deps, feed, entries, itemIndex));
  const first = plan(deps, feed, entries, now, view);
  let current = first;
  let result = await writePlan(deps, feed.url, current);
  const insertedIds = accepted(current, result);
  const touchedIds = [...current.touchedIds];
  for (let round = 1; result.refused.length > 0; round += 1) {
    if (round > CONFLICT_RETRIES) {
      throw new IngestError("STORE_FAILED", mentionUrl(feed.url, `duplicate keys after ${CONFLICT_RETRIES} re-reads`));
    }
    // The articles do not know deleted items: the tombstones found for the first plan still hold.
    const reread = await readStoredView(deps, feed, entries);
    current = plan(deps, feed, entries, now, { ...reread, tombstones: view.tombstones ?? new Map() });
    result = await writePlan(deps, feed.url, current);
    insertedIds.push(...accepted(current, result));
    touchedIds.push(...current.touchedIds);
  }
  // After the article writes are acknowledged, like every other piece of feed state (B8).
  const index = nextItemIndex(current.index, itemIndex);
  await storeStep(feed.url, "cannot write the item index", () => writeItemIndex(deps.db, feed.id, index));
  return { itemsNew: first.itemsNew, itemsUpdated: first.itemsUpdated, insertedIds, touchedIds };
}

function plan(deps: IngestDeps, feed: Target, entries: readonly NormalizedEntry[], now: Date, stored: StoredView) {
  return planArticleWrites({
    feedId: feed.id,
    entries,
    stored,
    now,
    newId: () => new ObjectId(),
    link: (entry, publishedAt, previous) => linkEntry(deps.linker, entry, publishedAt, previous),
    ...(deps.searchTokensOf ? { searchTokensOf: deps.searchTokensOf } : {}),
  });
}

/** The inserted ids of a plan, minus those the server refused. */
function accepted(plan: ArticlePlan, result: ArticleWriteResult): ObjectId[] {
  const refused = new Set(result.refused.map((index) => plan.writes[index]).filter((write) => write !== undefined));
  return plan.writes.filter((write) => write.kind === "insert" && !refused.has(write)).map((write) => write.id);
}

/**
 * The view of the item index, plus the tombstones of the items it does not know (deleted
 * articles that another feed, or this one before its index was trimmed, held): D5.
 */
async function withTombstones(
  deps: IngestDeps,
  feed: Target,
  entries: readonly NormalizedEntry[],
  itemIndex: readonly ItemIndexEntry[],
): Promise<StoredView> {
  const view = viewFromIndex(itemIndex, feed.id);
  const keys = tombstoneKeysToCheck(feed.id, entries, view);
  if (keys.length === 0) return view;
  const found = await storeStep(feed.url, "cannot read article tombstones", () => findTombstones(deps.db, keys));
  return { ...view, tombstones: new Map([...(view.tombstones ?? []), ...found]) };
}

/** Fills in the links and dates of the items whose content changed (an update keeps MANUAL links). */
async function withStoredLinks(
  deps: IngestDeps,
  feed: Target,
  entries: readonly NormalizedEntry[],
  view: StoredView,
): Promise<StoredView> {
  const ids = changedArticleIds(entries, view);
  if (ids.length === 0) return view;
  const docs = await storeStep(feed.url, "cannot read stored links", () => findArticleLinks(deps.db, ids));
  const byId = new Map(docs.map((doc) => [doc._id.toHexString(), doc]));
  const items = new Map(
    [...view.items].map(([key, item]) => {
      const doc = byId.get(item.articleId.toHexString());
      return [key, doc ? { ...item, links: doc.links, publishedAt: doc.publishedAt } : item];
    }),
  );
  return { ...view, items };
}

async function readStoredView(
  deps: IngestDeps,
  feed: Target,
  entries: readonly NormalizedEntry[],
): Promise<StoredView> {
  const items = uniqueItems(entries);
  const sourceKeys = items.map((entry) => sourceKey(feed.id, entry.itemKey));
  const dedupeKeys = [...new Set(items.map((entry) => dedupeKeyOf(feed.id, entry)))];
  const existing = await storeStep(feed.url, "cannot read stored articles", () =>
    findExistingArticles(deps.db, sourceKeys, dedupeKeys),
  );
  return viewFromArticles(feed.id, existing);
}

async function writePlan(deps: IngestDeps, feedUrl: string, plan: ArticlePlan): Promise<ArticleWriteResult> {
  if (plan.writes.length === 0) return { refused: [] };
  return storeStep(feedUrl, "cannot store items", () => (deps.writeArticles ?? writeArticles)(deps.db, plan.writes));
}

async function storeStep<T>(feedUrl: string, what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new IngestError("STORE_FAILED", mentionUrl(feedUrl, `${what}: ${String(error)}`), { cause: error });
  }
}
