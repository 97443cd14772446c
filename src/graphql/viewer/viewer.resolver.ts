import { Ctx, Query, Resolver } from "type-graphql";

import type { GraphQLContext } from "../context.js";
import { Viewer } from "./viewer.type.js";

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, {
    nullable: true,
    description: "Who the request's API key belongs to; null without a key. Lets a client check its key.",
  })
  viewer(@Ctx() context: GraphQLContext): Viewer | null {
    return context.caller;
  }
}
