import { ArgsType, Field } from "type-graphql";

import { ConnectionArgs } from "../connection/connection.args.js";
import { FeedFilter } from "./feed.input.js";

@ArgsType()
export class FeedsArgs extends ConnectionArgs {
  @Field(() => FeedFilter, { nullable: true })
  filter?: FeedFilter | null;
}
