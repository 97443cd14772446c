import { ArgsType, Field } from "type-graphql";

import { ConnectionArgs } from "../connection/connection.args.js";

@ArgsType()
export class SearchArgs extends ConnectionArgs {
  @Field(() => String, {
    description:
      "Words that must all appear in an article's title, summary, categories or authors (at most 200 characters, 8 words; case and accents ignored).",
  })
  query!: string;
}
