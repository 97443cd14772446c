import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from "type-graphql";

import type { DatePrecision, EventPhaseName } from "../../model/catalog.js";
import type { Granularity } from "../../timeline/buckets.js";
import { DatePrecisionEnum, EventPhaseNameEnum } from "../common/enums.js";
import { SlugCount } from "../common/objects.js";
import { createConnection } from "../connection/connection.type.js";

export const GranularityEnum = {
  DAY: "DAY",
  WEEK: "WEEK",
  MONTH: "MONTH",
  QUARTER: "QUARTER",
  YEAR: "YEAR",
} as const satisfies Record<Granularity, Granularity>;
registerEnumType(GranularityEnum, {
  name: "Granularity",
  description: "Calendar buckets in UTC; weeks start on Monday (ISO), quarters in January, April, July, October.",
});

export const TimelinePrecisionEnum = { INSTANT: "INSTANT", DAY: "DAY", MONTH: "MONTH", YEAR: "YEAR" } as const;
registerEnumType(TimelinePrecisionEnum, {
  name: "TimelinePrecision",
  description: "INSTANT for an article's timestamp; an event phase keeps the precision its date is known to.",
});

export const TimelineItemKindEnum = { ARTICLE: "ARTICLE", EVENT: "EVENT" } as const;
registerEnumType(TimelineItemKindEnum, { name: "TimelineItemKind" });

@ObjectType({ description: "A timeline filter: read its items or its buckets (or both)." })
export class Timeline {}

@ObjectType({ description: "An article, or one dated phase of an event; `article` or `event` is set accordingly." })
export class TimelineItem {
  @Field(() => TimelineItemKindEnum)
  kind!: keyof typeof TimelineItemKindEnum;

  @Field(() => GraphQLISODateTime, { description: "Where it sorts: a partial date sorts at its first instant." })
  date!: Date;

  @Field(() => TimelinePrecisionEnum)
  precision!: DatePrecision | "INSTANT";

  @Field(() => EventPhaseNameEnum, { nullable: true, description: "EVENT items: which phase." })
  phase!: EventPhaseName | null;
}

export const { Connection: TimelineItemConnection } = createConnection(TimelineItem);

@ObjectType({ description: "An event phase whose date falls in a bucket, with the precision it is known to." })
export class BucketEvent {
  @Field(() => String)
  slug!: string;

  @Field(() => EventPhaseNameEnum)
  phase!: EventPhaseName;

  @Field(() => GraphQLISODateTime)
  date!: Date;

  @Field(() => DatePrecisionEnum, {
    description:
      "A MONTH or YEAR phase sits in the bucket holding the 1st of its month or year; it may lie anywhere in that period.",
  })
  precision!: DatePrecision;
}

@ObjectType({ description: "One calendar bucket of the timeline: [start, end)." })
export class TimelineBucket {
  @Field(() => GraphQLISODateTime)
  start!: Date;

  @Field(() => GraphQLISODateTime, { description: "Exclusive." })
  end!: Date;

  @Field(() => Int, { description: "Articles matching the filter published in the bucket." })
  articleCount!: number;

  @Field(() => [SlugCount], { description: "Of those, per linked hypervisor, most first." })
  byHypervisor!: SlugCount[];

  @Field(() => [SlugCount], { description: "Of those, per linked vendor, most first." })
  byVendor!: SlugCount[];

  @Field(() => [BucketEvent])
  events!: BucketEvent[];
}
