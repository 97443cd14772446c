import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";

import type { Article } from "../../model/article.js";
import type { Hypervisor as HypervisorModel, TimelineEvent, Vendor as VendorModel } from "../../model/catalog.js";
import type { Connection } from "../../timeline/pagination.js";
import { ArticlesArgs } from "../article/article.args.js";
import { ArticleConnection } from "../article/article.type.js";
import type { GraphQLContext } from "../context.js";
import { Hypervisor } from "../hypervisor/hypervisor.type.js";
import { loadPresent, type RequestLoaders } from "../loaders.js";
import type { GraphQLServices } from "../services.js";
import { Vendor } from "../vendor/vendor.type.js";
import { EventsArgs } from "./event.args.js";
import { Event, EventConnection } from "./event.type.js";

@Resolver(() => Event)
export class EventResolver {
  constructor(
    private readonly services: Pick<GraphQLServices, "catalog" | "articles">,
    private readonly loaders: RequestLoaders,
  ) {}

  @Query(() => EventConnection, { description: "Catalog events, newest first (by their earliest phase)." })
  events(@Args(() => EventsArgs) { filter, ...page }: EventsArgs): Promise<Connection<TimelineEvent>> {
    return this.services.catalog.events(filter, page);
  }

  @Query(() => Event, { description: "One event; NOT_FOUND when the catalog has no such slug." })
  event(@Arg("slug", () => String) slug: string): Promise<TimelineEvent> {
    return this.services.catalog.event(slug);
  }

  @FieldResolver(() => [Hypervisor])
  hypervisors(@Root() event: TimelineEvent, @Ctx() context: GraphQLContext): Promise<HypervisorModel[]> {
    return loadPresent(this.loaders(context).hypervisor, event.hypervisors);
  }

  @FieldResolver(() => [Vendor])
  vendors(@Root() event: TimelineEvent, @Ctx() context: GraphQLContext): Promise<VendorModel[]> {
    return loadPresent(this.loaders(context).vendor, event.vendors);
  }

  @FieldResolver(() => ArticleConnection, {
    description: "Articles about it (the filter's events are replaced by it).",
  })
  articles(
    @Root() event: TimelineEvent,
    @Args(() => ArticlesArgs) { filter, orderBy, ...page }: ArticlesArgs,
  ): Promise<Connection<Article>> {
    return this.services.articles.articles({ ...filter, events: [event.slug] }, page, orderBy);
  }
}
