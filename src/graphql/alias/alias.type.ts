import { Field, ObjectType, registerEnumType } from "type-graphql";

import type { AliasOwnerKind } from "../../catalog/catalog-editor.js";
import { Alias } from "../common/objects.js";

export const AliasOwnerKindEnum = {
  HYPERVISOR: "HYPERVISOR",
  VENDOR: "VENDOR",
  TOPIC: "TOPIC",
} as const satisfies Record<AliasOwnerKind, AliasOwnerKind>;
registerEnumType(AliasOwnerKindEnum, { name: "AliasOwnerKind", description: "Catalog entries that have aliases." });

@ObjectType({ description: "A catalog entry's aliases after an edit." })
export class AliasList {
  @Field(() => AliasOwnerKindEnum)
  kind!: AliasOwnerKind;

  @Field(() => String)
  slug!: string;

  @Field(() => [Alias])
  aliases!: Alias[];
}
