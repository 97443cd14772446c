import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";

import type { Article } from "../../model/article.js";
import type { Hypervisor as HypervisorModel, Vendor as VendorModel } from "../../model/catalog.js";
import type { Connection } from "../../timeline/pagination.js";
import { ArticlesArgs } from "../article/article.args.js";
import { ArticleConnection } from "../article/article.type.js";
import type { GraphQLContext } from "../context.js";
import { Hypervisor } from "../hypervisor/hypervisor.type.js";
import type { RequestLoaders } from "../loaders.js";
import type { GraphQLServices } from "../services.js";
import { Vendor } from "./vendor.type.js";

@Resolver(() => Vendor)
export class VendorResolver {
  constructor(
    private readonly services: Pick<GraphQLServices, "catalog" | "articles">,
    private readonly loaders: RequestLoaders,
  ) {}

  @Query(() => [Vendor], { description: "Every vendor of the catalog, by name." })
  vendors(): Promise<VendorModel[]> {
    return this.services.catalog.vendors();
  }

  @Query(() => Vendor, { description: "One vendor; NOT_FOUND when the catalog has no such slug." })
  vendor(@Arg("slug", () => String) slug: string): Promise<VendorModel> {
    return this.services.catalog.vendor(slug);
  }

  @FieldResolver(() => [Hypervisor], { description: "Hypervisors it sells or sold." })
  hypervisors(@Root() vendor: VendorModel, @Ctx() context: GraphQLContext): Promise<HypervisorModel[]> {
    return this.loaders(context).hypervisorsOfVendor.load(vendor.slug);
  }

  @FieldResolver(() => Int, { description: "Articles linked to it (rejected links left out)." })
  articleCount(@Root() vendor: VendorModel, @Ctx() context: GraphQLContext): Promise<number> {
    return this.loaders(context).articleCount.VENDOR.load(vendor.slug);
  }

  @FieldResolver(() => ArticleConnection, {
    description: "Articles about it (the filter's vendors are replaced by it).",
  })
  articles(
    @Root() vendor: VendorModel,
    @Args(() => ArticlesArgs) { filter, orderBy, ...page }: ArticlesArgs,
  ): Promise<Connection<Article>> {
    return this.services.articles.articles({ ...filter, vendors: [vendor.slug] }, page, orderBy);
  }
}
