import { ArgsType, Field } from "type-graphql";

import type { Granularity } from "../../timeline/buckets.js";
import { GranularityEnum } from "./timeline.type.js";

@ArgsType()
export class BucketsArgs {
  @Field(() => GranularityEnum)
  granularity!: Granularity;
}
