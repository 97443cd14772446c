import { ArgsType, Field, Int } from "type-graphql";

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../timeline/pagination.js";

/**
 * Relay paging arguments. Use `first`/`after` to go forward or `last`/`before` to go back; mixing
 * directions, a size outside 0-100 or a malformed cursor is BAD_USER_INPUT (src/timeline/pagination.ts).
 * Extend it for a connection with filters: `@ArgsType() class TimelineArgs extends ConnectionArgs`.
 */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size going forward: 0-${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}.`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return items after this cursor (an endCursor)." })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Page size going backward: 0-${MAX_PAGE_SIZE}.` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: "Return items before this cursor (a startCursor)." })
  before?: string | null;
}
