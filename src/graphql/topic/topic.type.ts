import { Field, ObjectType } from "type-graphql";

import { Alias } from "../common/objects.js";

@ObjectType({
  description: "A subject articles are about (hardware-assist, live-migration, ...).",
  simpleResolvers: true,
})
export class Topic {
  @Field(() => String)
  slug!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => [Alias])
  aliases!: Alias[];
}
