import { ArgsType, Field } from "type-graphql";

import { ConnectionArgs } from "../connection/connection.args.js";
import { EventFilter } from "./event.input.js";

@ArgsType()
export class EventsArgs extends ConnectionArgs {
  @Field(() => EventFilter, { nullable: true })
  filter?: EventFilter | null;
}
