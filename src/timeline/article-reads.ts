import type { Db } from "mongodb";

import type { Article } from "../model/article.js";
import { findArticlesByIds, NO_CRITERIA } from "../store/article-queries.js";
import { articleFromDoc } from "../store/articles.js";
import { articleCriteriaOf, type ArticleFilterInput, searchWords } from "./article-filter.js";
import { type ArticleOrder, findArticlePage } from "./article-page.js";
import { inKeyOrder } from "./catalog-reads.js";
import { EntityNotFoundError, InvalidInputError } from "./domain-errors.js";
import { checkObjectId } from "./input-rules.js";
import type { Connection, PageArgs } from "./pagination.js";

/** Read use-cases of articles: the filtered list, one article, a batch by id, search. */
export interface ArticleReads {
  articles(
    filter: ArticleFilterInput | null | undefined,
    args: PageArgs,
    order?: ArticleOrder,
  ): Promise<Connection<Article>>;
  article(id: string): Promise<Article>;
  /** For the per-request DataLoader: one read whatever the number of ids; null for unknown ids. */
  articlesByIds(ids: readonly string[]): Promise<(Article | null)[]>;
  search(text: string, args: PageArgs): Promise<Connection<Article>>;
}

export function createArticleReads(db: Db): ArticleReads {
  return {
    articles: (filter, args, order) => findArticlePage(db, articleCriteriaOf(filter), args, order),
    async article(id) {
      const [doc] = await findArticlesByIds(db, [checkObjectId("id", id)]);
      if (!doc) throw new EntityNotFoundError(`No article with id ${id}.`);
      return articleFromDoc(doc);
    },
    async articlesByIds(ids) {
      const valid = ids.filter((id) => /^[0-9a-f]{24}$/.test(id));
      const docs = await findArticlesByIds(
        db,
        valid.map((id) => checkObjectId("id", id)),
      );
      return inKeyOrder(ids, docs.map(articleFromDoc), (article) => article.id);
    },
    async search(text, args) {
      const tokens = searchWords("query", text);
      if (tokens.length === 0) throw new InvalidInputError("`query` needs a word to search for.");
      return findArticlePage(db, { ...NO_CRITERIA, tokens }, args);
    },
  };
}
