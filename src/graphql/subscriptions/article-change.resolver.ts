import { Args, Ctx, Resolver, Root, Subscription, type SubscriptionHandlerData } from "type-graphql";

import { matchesArticleCriteria } from "../../events/article-criteria.js";
import type { BusEvent } from "../../events/topics.js";
import type { Article as ArticleModel } from "../../model/article.js";
import type { GraphQLContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import type { RequestLoaders } from "../loaders.js";
import { ArticleChangeArgs } from "./change.args.js";
import { ArticleChange } from "./change.types.js";
import { liveCriteriaFor, resumeFromArgs } from "./live-filters.js";

type ArticleEvent = BusEvent<"ArticleAdded" | "ArticleUpdated">;

const subscribeArticles = (topic: ArticleEvent["topic"], description: string) =>
  Subscription(() => ArticleChange, {
    topics: topic,
    // Runs once, at subscribe: checks the arguments and says where to resume.
    topicId: ({ args }: { args: ArticleChangeArgs }) => {
      liveCriteriaFor(args);
      return resumeFromArgs(args);
    },
    filter: ({ payload, args }: SubscriptionHandlerData<ArticleEvent, ArticleChangeArgs>) =>
      matchesArticleCriteria(payload.payload, liveCriteriaFor(args)),
    description,
  });

/** Live articles: bus notifications turned into Articles through the request's DataLoaders. */
@Resolver(() => ArticleChange)
export class ArticleChangeResolver {
  constructor(private readonly loaders: RequestLoaders) {}

  @subscribeArticles("ArticleAdded", "Articles as they are ingested, on any instance, that match the filter.")
  articleAdded(
    @Root() event: ArticleEvent,
    @Args(() => ArticleChangeArgs) _args: ArticleChangeArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<ArticleChange> {
    return this.change(event, context);
  }

  @subscribeArticles("ArticleUpdated", "Stored articles whose content changed or that a new feed also carries.")
  articleUpdated(
    @Root() event: ArticleEvent,
    @Args(() => ArticleChangeArgs) _args: ArticleChangeArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<ArticleChange> {
    return this.change(event, context);
  }

  private async change(event: ArticleEvent, context: GraphQLContext): Promise<ArticleChange> {
    const article: ArticleModel | null = await this.loaders(context).article.load(event.payload.articleId);
    if (!article) throw new NotFoundError(`Article ${event.payload.articleId} no longer exists.`);
    return { eventId: event.id, announcedAt: event.publishedAt, article };
  }
}
