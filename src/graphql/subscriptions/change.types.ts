import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";

import type { Article as ArticleModel } from "../../model/article.js";
import type { TimelineEvent } from "../../model/catalog.js";
import type { Feed as FeedModel } from "../../model/feed.js";
import { Article } from "../article/article.type.js";
import { Event } from "../event/event.type.js";
import { Feed } from "../feed/feed.type.js";

/**
 * What a subscription delivers: the entity as the queries show it, plus the event id to resume
 * from (`afterEventId`) after a reconnect, without gaps or repeats while it is retained.
 */
@ObjectType({ description: "An article was added or changed.", simpleResolvers: true })
export class ArticleChange {
  @Field(() => ID, { description: "Pass it as afterEventId to resume after this notification." })
  eventId!: string;

  @Field(() => GraphQLISODateTime, { description: "When the change was stored and announced." })
  announcedAt!: Date;

  @Field(() => Article)
  article!: ArticleModel;
}

@ObjectType({ description: "A catalog event was added or changed.", simpleResolvers: true })
export class EventChange {
  @Field(() => ID, { description: "Pass it as afterEventId to resume after this notification." })
  eventId!: string;

  @Field(() => GraphQLISODateTime, { description: "When the change was stored and announced." })
  announcedAt!: Date;

  @Field(() => Event)
  event!: TimelineEvent;
}

@ObjectType({
  description: "A feed was fetched: its health (last outcome, error, failures) changed.",
  simpleResolvers: true,
})
export class FeedHealthChange {
  @Field(() => ID, { description: "Pass it as afterEventId to resume after this notification." })
  eventId!: string;

  @Field(() => GraphQLISODateTime, { description: "When the run was recorded and announced." })
  announcedAt!: Date;

  @Field(() => Feed)
  feed!: FeedModel;
}
