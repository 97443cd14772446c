import { Field, InputType } from "type-graphql";

import type { TimelineFilterInput } from "../../timeline/timeline-reads.js";
import { ArticleFilter } from "../article/article.input.js";

@InputType({
  description:
    "The article filter, plus whether catalog events are merged in. Events follow its hypervisors, vendors, events, dates and text.",
})
export class TimelineFilter extends ArticleFilter implements TimelineFilterInput {
  @Field(() => Boolean, { nullable: true, description: "Default true." })
  includeEvents?: boolean | null;
}
