import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";

import type { Article as ArticleModel } from "../../model/article.js";
import type { Comparison as ComparisonModel, ComparisonCell as ComparisonCellModel } from "../../timeline/compare.js";
import { Article } from "../article/article.type.js";
import type { GraphQLContext } from "../context.js";
import { loadPresent, type RequestLoaders } from "../loaders.js";
import type { GraphQLServices } from "../services.js";
import { Comparison, ComparisonCell } from "./compare.type.js";

@Resolver(() => Comparison)
export class CompareResolver {
  constructor(private readonly services: Pick<GraphQLServices, "compare">) {}

  @Query(() => Comparison, { description: "2 to 6 hypervisors side by side; BAD_USER_INPUT for an unknown slug." })
  compare(@Arg("hypervisors", () => [String]) hypervisors: string[]): Promise<ComparisonModel> {
    return this.services.compare.compare(hypervisors);
  }
}

@Resolver(() => ComparisonCell)
export class ComparisonCellResolver {
  constructor(private readonly loaders: RequestLoaders) {}

  @FieldResolver(() => [Article], {
    description: "Newest articles linked to the hypervisor and to the aspect's topic.",
  })
  articles(@Root() cell: ComparisonCellModel, @Ctx() context: GraphQLContext): Promise<ArticleModel[]> {
    return loadPresent(this.loaders(context).article, cell.articleIds);
  }
}
