import { Arg, Args, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";

import type { Article } from "../../model/article.js";
import type { Feed as FeedModel } from "../../model/feed.js";
import type { Connection } from "../../timeline/pagination.js";
import { ArticlesArgs } from "../article/article.args.js";
import { ArticleConnection } from "../article/article.type.js";
import type { GraphQLServices } from "../services.js";
import { FeedsArgs } from "./feed.args.js";
import { Feed, FeedConnection } from "./feed.type.js";

@Resolver(() => Feed)
export class FeedResolver {
  constructor(private readonly services: Pick<GraphQLServices, "feeds" | "articles">) {}

  @Query(() => FeedConnection, { description: "Registered feeds, newest first." })
  feeds(@Args(() => FeedsArgs) { filter, ...page }: FeedsArgs): Promise<Connection<FeedModel>> {
    return this.services.feeds.feeds(filter, page);
  }

  @Query(() => Feed, { description: "One feed with its health; NOT_FOUND when there is none with this id." })
  feed(@Arg("id", () => ID) id: string): Promise<FeedModel> {
    return this.services.feeds.feed(id);
  }

  @FieldResolver(() => ArticleConnection, {
    description: "Articles seen in this feed (the filter's feeds are replaced by it).",
  })
  articles(
    @Root() feed: FeedModel,
    @Args(() => ArticlesArgs) { filter, orderBy, ...page }: ArticlesArgs,
  ): Promise<Connection<Article>> {
    return this.services.articles.articles({ ...filter, feeds: [feed.id] }, page, orderBy);
  }
}
