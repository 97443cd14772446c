import type { ObjectId } from "mongodb";

import type { NormalizedEntry } from "../model/entry.js";
import type { ArticleLink } from "../model/links.js";
import { type ArticleContentDoc, type ArticleWrite, type ExistingArticle, sourceKey } from "../store/articles.js";
import type { ItemIndexEntry } from "../store/feed-items.js";
import type { LinkFields } from "./link-entry.js";

/** A feed body bigger than this is stored in part: the first items, which feeds list newest first. */
export const MAX_ITEMS_PER_RUN = 2_000;
/** Item index entries kept for items no longer in the body (a republished item is found again). */
export const INDEX_HISTORY = 200;
/**
 * Tombstones (deleted articles' items) kept in the item index once out of the body, besides the
 * INDEX_HISTORY live entries: an item deleted within a feed's last this-many deletions is skipped
 * without a lookup. Older ones are still refused by the article tombstones (by identity key).
 */
export const INDEX_TOMBSTONES = 500;

/** A stored item of this feed: its article and hash; its links and date once read (updates only). */
export interface KnownItem {
  articleId: ObjectId;
  contentHash: string;
  links: ArticleLink[];
  publishedAt: Date | null;
  /** A tombstone: its article was deleted, so the item is skipped (neither new nor updated). */
  deleted?: boolean;
}

/** What the planner knows of the store: this feed's items, and stories by dedupe key. */
export interface StoredView {
  items: ReadonlyMap<string, KnownItem>;
  stories: ReadonlyMap<string, ObjectId>;
  /**
   * Deleted articles by identity key (`dedupeKeyOf`, `itemIdentityOf`) → the deleted id: an item
   * new to this feed with one of these keys is skipped instead of stored again (D5).
   */
  tombstones?: ReadonlyMap<string, ObjectId>;
}

export interface ArticlePlan {
  writes: ArticleWrite[];
  itemsNew: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  /** Items skipped because their article was deleted (tombstones). */
  itemsDeleted: number;
  insertedIds: ObjectId[];
  /** Stored articles this run changes (updated in place, or seen in one more feed). */
  touchedIds: ObjectId[];
  /** This body's items and their articles, once the writes are done. */
  index: ItemIndexEntry[];
}

export interface PlanInput {
  feedId: ObjectId;
  entries: readonly NormalizedEntry[];
  stored: StoredView;
  now: Date;
  newId: () => ObjectId;
  link: (entry: NormalizedEntry, publishedAt: Date, previousLinks: readonly ArticleLink[]) => LinkFields;
  searchTokensOf?: (text: { title: string; summary: string; categories: string[]; authors: string[] }) => string[];
}

/** The same story in two feeds is one article: keyed by canonical URL, else by (feed, item). */
export function dedupeKeyOf(feedId: ObjectId, entry: NormalizedEntry): string {
  return entry.canonicalUrl ? `url:${entry.canonicalUrl}` : itemIdentityOf(feedId, entry.itemKey);
}

/** The identity of one feed item, whatever its URL: the dedupe key of an item without a link. */
export const itemIdentityOf = (feedId: ObjectId, itemKey: string) => `item:${sourceKey(feedId, itemKey)}`;

/** One entry per item key (the first, as miniflux keeps the first of repeated GUIDs), capped. */
export function uniqueItems(entries: readonly NormalizedEntry[]): NormalizedEntry[] {
  const byKey = new Map<string, NormalizedEntry>();
  for (const entry of entries) if (!byKey.has(entry.itemKey)) byKey.set(entry.itemKey, entry);
  return [...byKey.values()].slice(0, MAX_ITEMS_PER_RUN);
}

/** The view of the feed's own item index (links and dates unknown until read). */
export function viewFromIndex(index: readonly ItemIndexEntry[], feedId: ObjectId): StoredView {
  const items = new Map<string, KnownItem>();
  const tombstones = new Map<string, ObjectId>();
  for (const entry of index) {
    items.set(entry.itemKey, {
      articleId: entry.articleId,
      contentHash: entry.contentHash,
      links: [],
      publishedAt: null,
      ...(entry.deleted ? { deleted: true } : {}),
    });
    // Kept as identity keys too, for the view read from the articles after a conflict.
    if (entry.deleted) tombstones.set(itemIdentityOf(feedId, entry.itemKey), entry.articleId);
  }
  return { items, stories: new Map(), tombstones };
}

/**
 * The identity keys to look up in the article tombstones: those of the items this view does not
 * know (a known item's tombstone, if any, is in the item index already). Few on most runs.
 */
export function tombstoneKeysToCheck(feedId: ObjectId, entries: readonly NormalizedEntry[], view: StoredView) {
  const unknown = uniqueItems(entries).filter((entry) => !view.items.has(entry.itemKey));
  const keys = unknown.flatMap((entry) => [dedupeKeyOf(feedId, entry), itemIdentityOf(feedId, entry.itemKey)]);
  return [...new Set(keys)];
}

/** The view of a read of the articles themselves (the fallback after a conflict). */
export function viewFromArticles(feedId: ObjectId, articles: readonly ExistingArticle[]): StoredView {
  const prefix = sourceKey(feedId, "");
  const items = new Map<string, KnownItem>();
  const stories = new Map<string, ObjectId>();
  for (const article of articles) {
    stories.set(article.dedupeKey, article._id);
    for (const key of article.sourceKeys.filter((candidate) => candidate.startsWith(prefix))) {
      const known = { contentHash: article.contentHash, links: article.links, publishedAt: article.publishedAt };
      items.set(key.slice(prefix.length), { articleId: article._id, ...known });
    }
  }
  return { items, stories };
}

/** The entries a view knows with another content hash: their links must be read before planning. */
export function changedArticleIds(entries: readonly NormalizedEntry[], view: StoredView): ObjectId[] {
  return uniqueItems(entries)
    .map((entry) => ({ entry, known: view.items.get(entry.itemKey) }))
    .filter(({ entry, known }) => known !== undefined && !known.deleted && known.contentHash !== entry.contentHash)
    .map(({ known }) => known!.articleId);
}

/**
 * Decides, per item: nothing (same content hash, or its article was deleted), an in-place update
 * (stored, hash changed), attaching this feed to a story stored under its dedupe key, or an
 * insert with a new id. Only written items are linked. Pure.
 */
export function planArticleWrites(input: PlanInput): ArticlePlan {
  const plan: ArticlePlan = {
    writes: [],
    itemsNew: 0,
    itemsUpdated: 0,
    itemsUnchanged: 0,
    itemsDeleted: 0,
    insertedIds: [],
    touchedIds: [],
    index: [],
  };
  const storyIds = new Map(input.stored.stories);
  for (const entry of uniqueItems(input.entries)) {
    const known = input.stored.items.get(entry.itemKey);
    const deletedId = known ? (known.deleted ? known.articleId : undefined) : tombstoneOf(input, entry);
    if (deletedId) {
      // Kept as a tombstone in the feed's index: the next runs skip the item without a lookup.
      plan.itemsDeleted += 1;
      plan.index.push({ itemKey: entry.itemKey, articleId: deletedId, contentHash: entry.contentHash, deleted: true });
      continue;
    }
    const articleId = known ? planKnown(input, plan, entry, known) : planNew(input, plan, entry, storyIds);
    plan.index.push({ itemKey: entry.itemKey, articleId, contentHash: entry.contentHash });
  }
  return plan;
}

/** The deleted article an item new to this feed would bring back, by canonical URL or identity. */
function tombstoneOf(input: PlanInput, entry: NormalizedEntry): ObjectId | undefined {
  const tombstones = input.stored.tombstones;
  if (!tombstones || tombstones.size === 0) return undefined;
  return (
    tombstones.get(dedupeKeyOf(input.feedId, entry)) ?? tombstones.get(itemIdentityOf(input.feedId, entry.itemKey))
  );
}

function planKnown(input: PlanInput, plan: ArticlePlan, entry: NormalizedEntry, known: KnownItem): ObjectId {
  if (known.contentHash === entry.contentHash) {
    plan.itemsUnchanged += 1;
  } else {
    plan.writes.push({ kind: "update", id: known.articleId, content: contentOf(input, entry, known) });
    plan.touchedIds.push(known.articleId);
    plan.itemsUpdated += 1;
  }
  return known.articleId;
}

function planNew(input: PlanInput, plan: ArticlePlan, entry: NormalizedEntry, storyIds: Map<string, ObjectId>) {
  const source = { feedId: input.feedId, itemKey: entry.itemKey };
  const dedupeKey = dedupeKeyOf(input.feedId, entry);
  plan.itemsNew += 1;
  const story = storyIds.get(dedupeKey);
  if (story) {
    // Stored by another feed, or by an earlier item of this body with the same canonical URL.
    plan.writes.push({ kind: "attach", id: story, source });
    if (!plan.insertedIds.includes(story)) plan.touchedIds.push(story);
    return story;
  }
  const id = input.newId();
  storyIds.set(dedupeKey, id);
  const content = contentOf(input, entry, null);
  plan.writes.push({ kind: "insert", id, dedupeKey, source, firstSeenAt: input.now, content });
  plan.insertedIds.push(id);
  return id;
}

function contentOf(input: PlanInput, entry: NormalizedEntry, known: KnownItem | null): ArticleContentDoc {
  // An undated item keeps the date it was first seen with; it does not move on every edit.
  const publishedAt = entry.publishedAt ?? entry.updatedAt ?? known?.publishedAt ?? input.now;
  return {
    title: entry.title,
    url: entry.url,
    canonicalUrl: entry.canonicalUrl,
    summary: entry.summary,
    contentHtml: entry.contentHtml,
    publishedAt,
    updatedAt: entry.updatedAt,
    dateClamped: entry.dateClamped,
    changedAt: input.now,
    authors: entry.authors,
    categories: entry.categories,
    enclosures: entry.enclosures,
    contentHash: entry.contentHash,
    ...input.link(entry, publishedAt, known?.links ?? []),
    ...(input.searchTokensOf ? { searchTokens: input.searchTokensOf(entry) } : {}),
  };
}

/**
 * The feed's next item index: this body's items first (tombstones included), then a little
 * history: INDEX_HISTORY live entries and INDEX_TOMBSTONES tombstones, each newest first.
 */
export function nextItemIndex(
  current: readonly ItemIndexEntry[],
  previous: readonly ItemIndexEntry[],
): ItemIndexEntry[] {
  const inBody = new Set(current.map((entry) => entry.itemKey));
  const older = previous.filter((entry) => !inBody.has(entry.itemKey));
  return [
    ...current,
    ...older.filter((entry) => !entry.deleted).slice(0, INDEX_HISTORY),
    ...older.filter((entry) => entry.deleted).slice(0, INDEX_TOMBSTONES),
  ];
}
