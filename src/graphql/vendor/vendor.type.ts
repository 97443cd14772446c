import { Field, ObjectType, registerEnumType } from "type-graphql";

import type { OwnershipChangeKind } from "../../model/catalog.js";
import { Alias, PartialDate, Source } from "../common/objects.js";

export const OwnershipChangeKindEnum = {
  ACQUIRED: "ACQUIRED",
  MERGED: "MERGED",
  SPUN_OFF: "SPUN_OFF",
  RENAMED: "RENAMED",
} as const satisfies Record<OwnershipChangeKind, OwnershipChangeKind>;
registerEnumType(OwnershipChangeKindEnum, { name: "OwnershipChangeKind" });

@ObjectType({ description: "A dated change of who owns a vendor.", simpleResolvers: true })
export class OwnershipChange {
  @Field(() => OwnershipChangeKindEnum)
  kind!: OwnershipChangeKind;

  @Field(() => PartialDate)
  date!: PartialDate;

  @Field(() => String, { description: "The new owner (a vendor slug when the catalog has one, else a name)." })
  owner!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => [Source])
  sources!: Source[];
}

@ObjectType({ description: "A vendor of the catalog, identified by its slug.", simpleResolvers: true })
export class Vendor {
  @Field(() => String)
  slug!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  homepage!: string | null;

  @Field(() => [Alias])
  aliases!: Alias[];

  @Field(() => [OwnershipChange])
  ownership!: OwnershipChange[];
}
