import { Field, Float, GraphQLISODateTime, ID, InputType, registerEnumType } from "type-graphql";

import type { ArticleFilterInput, MatchMode, RejectedLinks } from "../../timeline/article-filter.js";
import type { ArticleOrder } from "../../timeline/article-page.js";

export const MatchModeEnum = { ANY: "ANY", ALL: "ALL" } as const satisfies Record<MatchMode, MatchMode>;
registerEnumType(MatchModeEnum, {
  name: "MatchMode",
  description: "ANY: about any of the slugs. ALL: about every one.",
});

export const RejectedLinksEnum = { EXCLUDE: "EXCLUDE", INCLUDE: "INCLUDE", ONLY: "ONLY" } as const satisfies Record<
  RejectedLinks,
  RejectedLinks
>;
registerEnumType(RejectedLinksEnum, {
  name: "RejectedLinks",
  description:
    "How links an editor rejected count in a filter. EXCLUDE (default): they do not. INCLUDE: they count as links. ONLY: only they count (a review list).",
});

export const ArticleOrderEnum = {
  NEWEST_FIRST: "NEWEST_FIRST",
  OLDEST_FIRST: "OLDEST_FIRST",
} as const satisfies Record<ArticleOrder, ArticleOrder>;
registerEnumType(ArticleOrderEnum, {
  name: "ArticleOrder",
  description: "By publishedAt, ties by id. Cursors are positions, valid in either order.",
});

@InputType({ description: "Which articles. Every condition given must hold; list fields take at most 20 entries." })
export class ArticleFilter implements ArticleFilterInput {
  @Field(() => [String], { nullable: true, description: "Hypervisor slugs (see hypervisorMatch)." })
  hypervisors?: string[] | null;

  @Field(() => MatchModeEnum, { nullable: true, description: "Default ANY." })
  hypervisorMatch?: MatchMode | null;

  @Field(() => [String], { nullable: true, description: "Vendor slugs: about any of them." })
  vendors?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Topic slugs: about any of them." })
  topics?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Event slugs: about any of them." })
  events?: string[] | null;

  @Field(() => [ID], { nullable: true, description: "Feed ids: seen in any of them." })
  feeds?: string[] | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "Published at or after." })
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "Published before." })
  to?: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Words that must all appear in the title, summary, categories or authors (at most 200 characters, 8 words).",
  })
  text?: string | null;

  @Field(() => Float, { nullable: true, description: "Only links at least this confident (0-1) count." })
  minConfidence?: number | null;

  @Field(() => RejectedLinksEnum, { nullable: true, description: "Default EXCLUDE." })
  rejectedLinks?: RejectedLinks | null;
}
