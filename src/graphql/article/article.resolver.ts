import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";

import type { Article as ArticleModel } from "../../model/article.js";
import type {
  Hypervisor as HypervisorModel,
  TimelineEvent,
  Topic as TopicModel,
  Vendor as VendorModel,
} from "../../model/catalog.js";
import type { Feed as FeedModel } from "../../model/feed.js";
import type { ArticleLink as ArticleLinkModel } from "../../model/links.js";
import type { Connection } from "../../timeline/pagination.js";
import type { GraphQLContext } from "../context.js";
import { Event } from "../event/event.type.js";
import { Feed } from "../feed/feed.type.js";
import { Hypervisor } from "../hypervisor/hypervisor.type.js";
import { loadPresent, type RequestLoaders } from "../loaders.js";
import type { GraphQLServices } from "../services.js";
import { Topic } from "../topic/topic.type.js";
import { Vendor } from "../vendor/vendor.type.js";
import { ArticlesArgs } from "./article.args.js";
import { Article, ArticleConnection, ArticleLink } from "./article.type.js";

@Resolver(() => Article)
export class ArticleResolver {
  constructor(
    private readonly services: Pick<GraphQLServices, "articles">,
    private readonly loaders: RequestLoaders,
  ) {}

  @Query(() => ArticleConnection, { description: "Articles, newest first unless orderBy says otherwise." })
  articles(@Args(() => ArticlesArgs) { filter, orderBy, ...page }: ArticlesArgs): Promise<Connection<ArticleModel>> {
    return this.services.articles.articles(filter, page, orderBy);
  }

  @Query(() => Article, { description: "One article; NOT_FOUND when there is none with this id." })
  article(@Arg("id", () => ID) id: string): Promise<ArticleModel> {
    return this.services.articles.article(id);
  }

  @FieldResolver(() => [Feed], { description: "The feeds the article was seen in." })
  feeds(@Root() article: ArticleModel, @Ctx() context: GraphQLContext): Promise<FeedModel[]> {
    return loadPresent(this.loaders(context).feed, article.feedIds);
  }

  @FieldResolver(() => [Hypervisor], { description: "Linked hypervisors (rejected links left out)." })
  hypervisors(@Root() article: ArticleModel, @Ctx() context: GraphQLContext): Promise<HypervisorModel[]> {
    return loadPresent(this.loaders(context).hypervisor, article.hypervisors);
  }

  @FieldResolver(() => [Vendor], { description: "Linked vendors (rejected links left out)." })
  vendors(@Root() article: ArticleModel, @Ctx() context: GraphQLContext): Promise<VendorModel[]> {
    return loadPresent(this.loaders(context).vendor, article.vendors);
  }

  @FieldResolver(() => [Topic], { description: "Linked topics (rejected links left out)." })
  topics(@Root() article: ArticleModel, @Ctx() context: GraphQLContext): Promise<TopicModel[]> {
    return loadPresent(this.loaders(context).topic, article.topics);
  }

  @FieldResolver(() => [Event], { description: "Linked events (rejected links left out)." })
  events(@Root() article: ArticleModel, @Ctx() context: GraphQLContext): Promise<TimelineEvent[]> {
    return loadPresent(this.loaders(context).event, article.events);
  }

  @FieldResolver(() => [ArticleLink], { description: "Every link with its confidence, evidence and origin." })
  links(
    @Root() article: ArticleModel,
    @Arg("includeRejected", () => Boolean, { defaultValue: false }) includeRejected: boolean,
  ): ArticleLinkModel[] {
    return includeRejected ? article.links : article.links.filter((link) => !link.rejected);
  }
}
