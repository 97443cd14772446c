import { Field, Float, GraphQLISODateTime, Int, ObjectType } from "type-graphql";

import type { DatePrecision } from "../../model/catalog.js";
import { DatePrecisionEnum } from "./enums.js";

/** Small object types shared by several domain types. */

@ObjectType({ description: "A published page that backs a catalog fact.", simpleResolvers: true })
export class Source {
  @Field(() => String)
  url!: string;

  @Field(() => String)
  title!: string;
}

@ObjectType({
  description: "A date known to a precision; `date` is the first instant of that day, month or year (UTC).",
  simpleResolvers: true,
})
export class PartialDate {
  @Field(() => GraphQLISODateTime)
  date!: Date;

  @Field(() => DatePrecisionEnum)
  precision!: DatePrecision;
}

@ObjectType({ description: "A change of a hypervisor fact at a version.", simpleResolvers: true })
export class FactChange {
  @Field(() => String)
  version!: string;

  @Field(() => PartialDate, { nullable: true })
  date!: PartialDate | null;

  @Field(() => String)
  note!: string;
}

@ObjectType({ description: "One name of a catalog entry the linker matches.", simpleResolvers: true })
export class Alias {
  @Field(() => String)
  text!: string;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: "Articles published before this do not use the alias.",
  })
  validFrom!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: "Articles published after this do not use the alias.",
  })
  validTo!: Date | null;

  @Field(() => Float, { description: "How sure a match of this alias alone makes the linker (0-1)." })
  confidence!: number;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType({ description: "How many articles one slug has in a bucket.", simpleResolvers: true })
export class SlugCount {
  @Field(() => String)
  slug!: string;

  @Field(() => Int)
  count!: number;
}
