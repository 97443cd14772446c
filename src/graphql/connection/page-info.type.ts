import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "Where a page sits in its list (Relay cursor connections)." })
export class PageInfo {
  @Field(() => Boolean, {
    description: "More items follow endCursor. Only computed when paging forward (first/after); false otherwise.",
  })
  hasNextPage!: boolean;

  @Field(() => Boolean, {
    description: "More items precede startCursor. Only computed when paging backwards (last/before); false otherwise.",
  })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first edge; null for an empty page." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last edge; null for an empty page." })
  endCursor!: string | null;
}
