import { ArgsType, Field, ID } from "type-graphql";

import { ArticleFilter } from "../article/article.input.js";

@ArgsType()
export class ResumeArgs {
  @Field(() => ID, {
    nullable: true,
    description:
      "The eventId of the last notification received: replays what came after it (while retained), then goes live. " +
      "BAD_USER_INPUT when those events are no longer retained: query to catch up, then subscribe afresh.",
  })
  afterEventId?: string | null;
}

@ArgsType()
export class ArticleChangeArgs extends ResumeArgs {
  @Field(() => ArticleFilter, {
    nullable: true,
    description: "The same filter as the articles query, except `text` (a notification carries no words).",
  })
  filter?: ArticleFilter | null;
}

@ArgsType()
export class FeedHealthArgs extends ResumeArgs {
  @Field(() => ID, { nullable: true, description: "Only this feed; all feeds when absent." })
  feedId?: string | null;
}
