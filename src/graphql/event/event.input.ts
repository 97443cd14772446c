import { Field, GraphQLISODateTime, InputType } from "type-graphql";

import type { EventInput as EventInputModel } from "../../catalog/edit-events.js";
import type { DatePrecision, EventKind, EventPhaseName } from "../../model/catalog.js";
import type { EventFilterInput } from "../../timeline/event-match.js";
import { DatePrecisionEnum, EventKindEnum, EventPhaseNameEnum } from "../common/enums.js";

@InputType({ description: "Which events. Every condition given must hold." })
export class EventFilter implements EventFilterInput {
  @Field(() => [EventKindEnum], { nullable: true })
  kinds?: EventKind[] | null;

  @Field(() => [String], { nullable: true, description: "About any of these hypervisors." })
  hypervisors?: string[] | null;

  @Field(() => [String], { nullable: true, description: "About any of these vendors." })
  vendors?: string[] | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "With a phase at or after." })
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "With a phase before." })
  to?: Date | null;

  @Field(() => String, { nullable: true, description: "Words that must all appear in the title." })
  text?: string | null;
}

@InputType()
export class EventPhaseInput {
  @Field(() => EventPhaseNameEnum)
  name!: EventPhaseName;

  @Field(() => String, {
    description: 'Written to its precision: "2007" (YEAR), "2007-08" (MONTH), "2007-08-15" (DAY).',
  })
  date!: string;

  @Field(() => DatePrecisionEnum)
  precision!: DatePrecision;

  @Field(() => String, { nullable: true })
  dateNote?: string | null;
}

@InputType()
export class SourceInput {
  @Field(() => String)
  url!: string;

  @Field(() => String)
  title!: string;
}

@InputType({ description: "An event as schema/catalog/events.json writes one (same rules)." })
export class EventInput implements EventInputModel {
  @Field(() => String)
  title!: string;

  @Field(() => EventKindEnum)
  kind!: EventKind;

  @Field(() => [EventPhaseInput])
  phases!: EventPhaseInput[];

  @Field(() => [String], { description: "Hypervisor slugs." })
  hypervisors!: string[];

  @Field(() => [String], { description: "Vendor slugs." })
  vendors!: string[];

  @Field(() => [[String]], {
    description:
      'Article patterns, any of which identifies the event: terms "@slug", "#kind" or "phrase|phrase", all of which must occur.',
  })
  patterns!: string[][];

  @Field(() => [String], { nullable: true, description: "Phrases that veto the event." })
  exclude?: string[] | null;

  @Field(() => [SourceInput])
  sources!: SourceInput[];
}
