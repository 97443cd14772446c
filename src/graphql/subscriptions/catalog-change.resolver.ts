import { Args, Ctx, Resolver, Root, Subscription } from "type-graphql";

import type { BusEvent } from "../../events/topics.js";
import type { TimelineEvent } from "../../model/catalog.js";
import type { GraphQLContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import type { RequestLoaders } from "../loaders.js";
import { ResumeArgs } from "./change.args.js";
import { EventChange } from "./change.types.js";
import { resumeFromArgs } from "./live-filters.js";

type CatalogEvent = BusEvent<"EventAdded" | "EventUpdated">;

/** Live catalog events (added or edited through the API or a catalog load). */
@Resolver(() => EventChange)
export class EventChangeResolver {
  constructor(private readonly loaders: RequestLoaders) {}

  @Subscription(() => EventChange, {
    topics: "EventAdded",
    topicId: ({ args }: { args: ResumeArgs }) => resumeFromArgs(args),
    description: "Events as they are added to the catalog.",
  })
  eventAdded(
    @Root() event: CatalogEvent,
    @Args(() => ResumeArgs) _args: ResumeArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<EventChange> {
    return this.change(event, context);
  }

  @Subscription(() => EventChange, {
    topics: "EventUpdated",
    topicId: ({ args }: { args: ResumeArgs }) => resumeFromArgs(args),
    description: "Catalog events whose title, dates or links changed.",
  })
  eventUpdated(
    @Root() event: CatalogEvent,
    @Args(() => ResumeArgs) _args: ResumeArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<EventChange> {
    return this.change(event, context);
  }

  private async change(event: CatalogEvent, context: GraphQLContext): Promise<EventChange> {
    const found: TimelineEvent | null = await this.loaders(context).event.load(event.payload.slug);
    if (!found) throw new NotFoundError(`Event "${event.payload.slug}" no longer exists.`);
    return { eventId: event.id, announcedAt: event.publishedAt, event: found };
  }
}
