import { Args, Query, Resolver } from "type-graphql";

import type { Article } from "../../model/article.js";
import type { Connection } from "../../timeline/pagination.js";
import { ArticleConnection } from "../article/article.type.js";
import type { GraphQLServices } from "../services.js";
import { SearchArgs } from "./search.args.js";

/** Word search over articles (a word index built at ingest: no `$text`, no regular expressions). */
@Resolver()
export class SearchResolver {
  constructor(private readonly services: Pick<GraphQLServices, "articles">) {}

  @Query(() => ArticleConnection, { description: "Articles containing every word of the query, newest first." })
  search(@Args(() => SearchArgs) { query, ...page }: SearchArgs): Promise<Connection<Article>> {
    return this.services.articles.search(query, page);
  }
}
