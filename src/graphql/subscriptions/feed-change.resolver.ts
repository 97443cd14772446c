import { Args, Ctx, Resolver, Root, Subscription, type SubscriptionHandlerData } from "type-graphql";

import type { BusEvent } from "../../events/topics.js";
import type { Feed as FeedModel } from "../../model/feed.js";
import type { GraphQLContext } from "../context.js";
import { BadUserInputError, NotFoundError } from "../errors.js";
import type { RequestLoaders } from "../loaders.js";
import { FeedHealthArgs } from "./change.args.js";
import { FeedHealthChange } from "./change.types.js";
import { resumeFromArgs } from "./live-filters.js";

type HealthEvent = BusEvent<"FeedHealthChanged">;

function checkedFeedId(args: FeedHealthArgs): string | null {
  const id = args.feedId ?? null;
  if (id !== null && !/^[0-9a-f]{24}$/.test(id)) throw new BadUserInputError("`feedId` must be a feed id.");
  return id;
}

/** Live feed health: every recorded fetch run, of one feed or of all. */
@Resolver(() => FeedHealthChange)
export class FeedHealthChangeResolver {
  constructor(private readonly loaders: RequestLoaders) {}

  @Subscription(() => FeedHealthChange, {
    topics: "FeedHealthChanged",
    topicId: ({ args }: { args: FeedHealthArgs }) => {
      checkedFeedId(args);
      return resumeFromArgs(args);
    },
    filter: ({ payload, args }: SubscriptionHandlerData<HealthEvent, FeedHealthArgs>) =>
      !args.feedId || payload.payload.feedId === args.feedId,
    description: "A feed's health after each recorded fetch (outcome, error, consecutive failures).",
  })
  feedHealthChanged(
    @Root() event: HealthEvent,
    @Args(() => FeedHealthArgs) _args: FeedHealthArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<FeedHealthChange> {
    return this.change(event, context);
  }

  private async change(event: HealthEvent, context: GraphQLContext): Promise<FeedHealthChange> {
    const feed: FeedModel | null = await this.loaders(context).feed.load(event.payload.feedId);
    if (!feed) throw new NotFoundError(`Feed ${event.payload.feedId} no longer exists.`);
    return { eventId: event.id, announcedAt: event.publishedAt, feed };
  }
}
