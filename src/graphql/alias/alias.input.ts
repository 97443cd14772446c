import { Field, Float, GraphQLISODateTime, InputType } from "type-graphql";

import type { AliasInput as AliasInputModel } from "../../catalog/catalog-editor.js";

@InputType({ description: "A new name for a catalog entry." })
export class AliasInput implements AliasInputModel {
  @Field(() => String, { description: "1-120 characters with a letter or digit; not an alias the entry has." })
  text!: string;

  @Field(() => Float, { nullable: true, description: "0.05-1; default 0.9." })
  confidence?: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  validFrom?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  validTo?: Date | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}
