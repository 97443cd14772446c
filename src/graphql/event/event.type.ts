import { Field, GraphQLISODateTime, ObjectType } from "type-graphql";

import type { DatePrecision, EventKind, EventPhaseName } from "../../model/catalog.js";
import { DatePrecisionEnum, EventKindEnum, EventPhaseNameEnum } from "../common/enums.js";
import { Source } from "../common/objects.js";
import { createConnection } from "../connection/connection.type.js";

@ObjectType({
  description: "One dated step of an event; the date keeps the precision it is known to.",
  simpleResolvers: true,
})
export class EventPhase {
  @Field(() => EventPhaseNameEnum)
  name!: EventPhaseName;

  @Field(() => GraphQLISODateTime, { description: "First instant of the day, month or year (UTC)." })
  date!: Date;

  @Field(() => DatePrecisionEnum)
  precision!: DatePrecision;

  @Field(() => String, { nullable: true, description: "Where sources disagree on the date: what each says." })
  dateNote!: string | null;
}

@ObjectType({ description: "A dated event of the catalog (an acquisition, a release, ...).", simpleResolvers: true })
export class Event {
  @Field(() => String)
  slug!: string;

  @Field(() => String)
  title!: string;

  @Field(() => EventKindEnum)
  kind!: EventKind;

  @Field(() => [EventPhase], { description: "Oldest first." })
  phases!: EventPhase[];

  @Field(() => [Source])
  sources!: Source[];
}

export const { Connection: EventConnection } = createConnection(Event);
