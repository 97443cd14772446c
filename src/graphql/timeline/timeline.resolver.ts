import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";

import type { Article as ArticleModel } from "../../model/article.js";
import type { TimelineEvent } from "../../model/catalog.js";
import type { Bucket } from "../../timeline/buckets.js";
import type { Connection } from "../../timeline/pagination.js";
import type { TimelineItem as TimelineItemModel, TimelineQuery } from "../../timeline/timeline-reads.js";
import { Article } from "../article/article.type.js";
import { ConnectionArgs } from "../connection/connection.args.js";
import type { GraphQLContext } from "../context.js";
import { Event } from "../event/event.type.js";
import type { RequestLoaders } from "../loaders.js";
import type { GraphQLServices } from "../services.js";
import { BucketsArgs } from "./timeline.args.js";
import { TimelineFilter } from "./timeline.input.js";
import { BucketEvent, Timeline, TimelineBucket, TimelineItem, TimelineItemConnection } from "./timeline.type.js";

@Resolver(() => Timeline)
export class TimelineResolver {
  constructor(private readonly services: Pick<GraphQLServices, "timeline">) {}

  @Query(() => Timeline, { description: "Articles and catalog events on one time axis." })
  timeline(@Arg("filter", () => TimelineFilter) filter: TimelineFilter): TimelineQuery {
    return this.services.timeline.timeline(filter);
  }

  @FieldResolver(() => TimelineItemConnection, { description: "Articles and event phases merged, newest first." })
  items(
    @Root() query: TimelineQuery,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
  ): Promise<Connection<TimelineItemModel>> {
    return this.services.timeline.items(query, page);
  }

  @FieldResolver(() => [TimelineBucket], {
    description: "Counts per calendar bucket over the filter's dates (or the data's extent).",
  })
  buckets(
    @Root() query: TimelineQuery,
    @Args(() => BucketsArgs) { granularity }: BucketsArgs,
  ): Promise<Bucket<TimelineEvent>[]> {
    return this.services.timeline.buckets(query, granularity);
  }
}

@Resolver(() => TimelineItem)
export class TimelineItemResolver {
  constructor(private readonly loaders: RequestLoaders) {}

  @FieldResolver(() => Article, { nullable: true })
  article(@Root() item: TimelineItemModel): ArticleModel | null {
    return item.article;
  }

  @FieldResolver(() => Event, { nullable: true })
  event(@Root() item: TimelineItemModel, @Ctx() context: GraphQLContext): TimelineEvent | null {
    // Items carry their event already; priming the loader lets other fields reuse it.
    if (item.event) this.loaders(context).event.prime(item.event.slug, item.event);
    return item.event;
  }
}

@Resolver(() => BucketEvent)
export class BucketEventResolver {
  @FieldResolver(() => Event)
  event(@Root() mark: { event: TimelineEvent }): TimelineEvent {
    return mark.event;
  }
}
