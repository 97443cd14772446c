import type { Db, Filter, ObjectId } from "mongodb";

import type { Article } from "../model/article.js";
import { type ArticleCriteria, articleFilterOf, linksMatch, needsLinkCheck } from "../store/article-queries.js";
import { type ArticleDoc, articleFromDoc, articlesCollection } from "../store/articles.js";
import {
  type Connection,
  findPage,
  objectIdCodec,
  type PageArgs,
  pageQuery,
  type PageRequest,
  resolvePageRequest,
  toConnection,
} from "./pagination.js";

/** NEWEST_FIRST: publishedAt descending (the default); OLDEST_FIRST: ascending. Ties: id, the same way. */
export type ArticleOrder = "NEWEST_FIRST" | "OLDEST_FIRST";

/**
 * One page of articles matching `criteria`. Cursors are positions in the newest-first order, so
 * one cursor works in both orders and articles ingested while a client pages never shift a page.
 * OLDEST_FIRST is the newest-first list read from its other end (first/after ↔ last/before).
 */
export async function findArticlePage(
  db: Db,
  criteria: ArticleCriteria,
  args: PageArgs,
  order: ArticleOrder = "NEWEST_FIRST",
): Promise<Connection<Article>> {
  if (order === "NEWEST_FIRST") return newestFirstPage(db, criteria, args);
  const page = await newestFirstPage(db, criteria, {
    first: args.last ?? null,
    after: args.before ?? null,
    last: args.first ?? null,
    before: args.after ?? null,
  });
  const { pageInfo } = page;
  return {
    edges: [...page.edges].reverse(),
    pageInfo: {
      hasNextPage: pageInfo.hasPreviousPage,
      hasPreviousPage: pageInfo.hasNextPage,
      startCursor: pageInfo.endCursor,
      endCursor: pageInfo.startCursor,
    },
  };
}

function newestFirstPage(db: Db, criteria: ArticleCriteria, args: PageArgs): Promise<Connection<Article>> {
  const filter = articleFilterOf(criteria);
  if (!needsLinkCheck(criteria)) {
    return findPage(articlesCollection(db), filter, args, { codec: objectIdCodec, toNode: articleFromDoc });
  }
  return checkedPage(db, filter, criteria, args);
}

const FIRST_BATCH = 50;
const MAX_BATCH = 1_000;

async function checkedPage(
  db: Db,
  filter: Filter<ArticleDoc>,
  criteria: ArticleCriteria,
  args: PageArgs,
): Promise<Connection<Article>> {
  const request = resolvePageRequest(args, objectIdCodec);
  const docs = await findArticleDocs(db, criteria, request, filter);
  return toConnection(docs, request, objectIdCodec, articleFromDoc);
}

/**
 * Up to `request.size + 1` articles past the request's cursor, in its walking direction (the
 * extra one answers "is there more?"). When the database filter is only a superset (confidence
 * and rejection conditions, see needsLinkCheck) it reads on in growing batches, keeping the
 * articles whose links match, until it has enough or the list ends: commands grow with how rare
 * matches are, never with the page size alone. Otherwise it is one `find`.
 */
export async function findArticleDocs(
  db: Db,
  criteria: ArticleCriteria,
  request: PageRequest<ObjectId>,
  filter: Filter<ArticleDoc> = articleFilterOf(criteria),
): Promise<ArticleDoc[]> {
  const check = needsLinkCheck(criteria);
  const wanted = request.size + 1;
  const matches: ArticleDoc[] = [];
  let position = request.cursor;
  let batch = check ? Math.max(wanted, FIRST_BATCH) : wanted;
  for (;;) {
    const query = pageQuery({ ...request, cursor: position });
    const where = position ? { $and: [filter, query.filter] } : filter;
    const docs = (await articlesCollection(db)
      .find(where as Filter<ArticleDoc>, { sort: query.sort, limit: batch, batchSize: batch })
      .toArray()) as ArticleDoc[];
    for (const doc of docs) {
      if ((!check || linksMatch(criteria, doc.links ?? [])) && matches.push(doc) === wanted) break;
    }
    const last = docs.at(-1);
    if (matches.length === wanted || docs.length < batch || !last) return matches;
    position = { publishedAt: last.publishedAt, id: last._id };
    batch = Math.min(batch * 2, MAX_BATCH);
  }
}
