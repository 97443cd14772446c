import { Field, InputType } from "type-graphql";

import type { NewFeedInput } from "../../ingest/feed-admin.js";
import type { FeedFilterInput } from "../../timeline/feed-reads.js";

@InputType({ description: "Which feeds." })
export class FeedFilter implements FeedFilterInput {
  @Field(() => [String], { nullable: true, description: "Feeds with any of these tags." })
  tags?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: only feeds whose last fetch failed; false: only the others.",
  })
  failing?: boolean | null;

  @Field(() => String, { nullable: true, description: "Words that must all appear in the title or URL." })
  text?: string | null;
}

@InputType()
export class AddFeedInput implements NewFeedInput {
  @Field(() => String, { description: "An http(s) feed URL on a public address." })
  url!: string;

  @Field(() => String, { nullable: true, description: "Default: the feed's own title, after the first fetch." })
  title?: string | null;

  @Field(() => String, { nullable: true })
  siteUrl?: string | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;
}

@InputType({ description: "Fields to change; the ones left out stay as they are." })
export class UpdateFeedInput implements Omit<NewFeedInput, "url"> {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true, description: "null clears it." })
  siteUrl?: string | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;
}
