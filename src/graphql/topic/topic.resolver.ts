import { Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";

import type { Article } from "../../model/article.js";
import type { Topic as TopicModel } from "../../model/catalog.js";
import type { Connection } from "../../timeline/pagination.js";
import { ArticlesArgs } from "../article/article.args.js";
import { ArticleConnection } from "../article/article.type.js";
import type { GraphQLContext } from "../context.js";
import type { RequestLoaders } from "../loaders.js";
import type { GraphQLServices } from "../services.js";
import { Topic } from "./topic.type.js";

@Resolver(() => Topic)
export class TopicResolver {
  constructor(
    private readonly services: Pick<GraphQLServices, "catalog" | "articles">,
    private readonly loaders: RequestLoaders,
  ) {}

  @Query(() => [Topic], { description: "Every topic of the catalog, by name." })
  topics(): Promise<TopicModel[]> {
    return this.services.catalog.topics();
  }

  @FieldResolver(() => Int, { description: "Articles linked to it (rejected links left out)." })
  articleCount(@Root() topic: TopicModel, @Ctx() context: GraphQLContext): Promise<number> {
    return this.loaders(context).articleCount.TOPIC.load(topic.slug);
  }

  @FieldResolver(() => ArticleConnection, {
    description: "Articles about it (the filter's topics are replaced by it).",
  })
  articles(
    @Root() topic: TopicModel,
    @Args(() => ArticlesArgs) { filter, orderBy, ...page }: ArticlesArgs,
  ): Promise<Connection<Article>> {
    return this.services.articles.articles({ ...filter, topics: [topic.slug] }, page, orderBy);
  }
}
