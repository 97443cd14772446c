import { ArgsType, Field } from "type-graphql";

import type { ArticleOrder } from "../../timeline/article-page.js";
import { ConnectionArgs } from "../connection/connection.args.js";
import { ArticleFilter, ArticleOrderEnum } from "./article.input.js";

@ArgsType()
export class ArticlesArgs extends ConnectionArgs {
  @Field(() => ArticleFilter, { nullable: true })
  filter?: ArticleFilter | null;

  @Field(() => ArticleOrderEnum, { defaultValue: "NEWEST_FIRST" })
  orderBy!: ArticleOrder;
}
