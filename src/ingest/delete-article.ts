import type { Db, ObjectId } from "mongodb";

import {
  type DeletableArticle,
  deleteArticleDoc,
  findDeletableArticle,
  recordTombstones,
} from "../store/article-tombstones.js";
import { markItemsDeleted } from "../store/feed-items.js";
import { applyRollupChanges } from "../store/timeline-rollups.js";
import { EntityNotFoundError } from "../timeline/domain-errors.js";
import { checkObjectId } from "../timeline/input-rules.js";
import { itemIdentityOf } from "./plan-article-writes.js";

export interface DeleteArticleDeps {
  db: Db;
  now: () => Date;
}

/**
 * Deletes an article for good (RELIABILITY.md D5: deleted articles are not resurrected). In this
 * order, so that a feed run at any point in between cannot store the story again:
 * 1. tombstones by identity (its dedupe key, and each feed item it was seen as): any feed's run
 *    skips an item new to it with one of these keys, by canonical URL or by (feed, item);
 * 2. each of its feeds' item index entries become tombstones: the runs of those feeds skip the
 *    item without a lookup (a changed body is neither new nor an update);
 * 3. the article, then its share of the timeline counts.
 * Throws InvalidInputError for a malformed id, EntityNotFoundError for an unknown one.
 */
export async function deleteArticle(deps: DeleteArticleDeps, id: string): Promise<boolean> {
  const articleId = checkObjectId("id", id);
  const article = await findDeletableArticle(deps.db, articleId);
  if (!article) throw new EntityNotFoundError(`No article with id ${id}.`);
  await recordTombstones(deps.db, identityKeysOf(article), articleId, deps.now());
  for (const { feedId, itemKeys } of itemKeysByFeed(article)) {
    await markItemsDeleted(deps.db, feedId, articleId, itemKeys);
  }
  // Another delete of the same article may have won in between: only the winner uncounts it.
  if (await deleteArticleDoc(deps.db, articleId)) {
    await applyRollupChanges(deps.db, [{ before: article, after: null }]);
  }
  return true;
}

function identityKeysOf(article: DeletableArticle): string[] {
  return [article.dedupeKey, ...article.sources.map((source) => itemIdentityOf(source.feedId, source.itemKey))];
}

function itemKeysByFeed(article: DeletableArticle): { feedId: ObjectId; itemKeys: string[] }[] {
  const byFeed = new Map<string, { feedId: ObjectId; itemKeys: string[] }>();
  for (const source of article.sources) {
    const group = byFeed.get(source.feedId.toHexString()) ?? { feedId: source.feedId, itemKeys: [] };
    group.itemKeys.push(source.itemKey);
    byFeed.set(source.feedId.toHexString(), group);
  }
  return [...byFeed.values()];
}
