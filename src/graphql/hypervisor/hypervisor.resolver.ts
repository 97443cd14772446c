import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";

import type { Article } from "../../model/article.js";
import type {
  Hypervisor as HypervisorModel,
  HypervisorFacts,
  TimelineEvent,
  Vendor as VendorModel,
} from "../../model/catalog.js";
import type { Connection } from "../../timeline/pagination.js";
import type { TimelineQuery } from "../../timeline/timeline-reads.js";
import { ArticlesArgs } from "../article/article.args.js";
import { ArticleConnection } from "../article/article.type.js";
import type { GraphQLContext } from "../context.js";
import { EventsArgs } from "../event/event.args.js";
import { EventConnection } from "../event/event.type.js";
import type { RequestLoaders } from "../loaders.js";
import type { GraphQLServices } from "../services.js";
import { TimelineFilter } from "../timeline/timeline.input.js";
import { Timeline } from "../timeline/timeline.type.js";
import { Vendor } from "../vendor/vendor.type.js";
import {
  ArchitectureFact,
  HardwareAssistFact,
  Hypervisor,
  ParavirtualizationFact,
  VendorTenure,
} from "./hypervisor.type.js";

type Services = Pick<GraphQLServices, "catalog" | "articles" | "timeline">;

@Resolver(() => Hypervisor)
export class HypervisorResolver {
  constructor(
    private readonly services: Services,
    private readonly loaders: RequestLoaders,
  ) {}

  @Query(() => [Hypervisor], { description: "Every hypervisor of the catalog, by name." })
  hypervisors(): Promise<HypervisorModel[]> {
    return this.services.catalog.hypervisors();
  }

  @Query(() => Hypervisor, { description: "One hypervisor; NOT_FOUND when the catalog has no such slug." })
  hypervisor(@Arg("slug", () => String) slug: string): Promise<HypervisorModel> {
    return this.services.catalog.hypervisor(slug);
  }

  @FieldResolver(() => [VendorTenure], { description: "Who sold or stewarded it over time, oldest first." })
  vendors(@Root() hypervisor: HypervisorModel): VendorTenure[] {
    return hypervisor.vendors.map((tenure) => ({ slug: tenure.vendor, from: tenure.from, to: tenure.to }));
  }

  @FieldResolver(() => ArchitectureFact)
  architecture(@Root() hypervisor: HypervisorModel): HypervisorFacts["architecture"] {
    return hypervisor.facts.architecture;
  }

  @FieldResolver(() => HardwareAssistFact)
  hardwareAssist(@Root() hypervisor: HypervisorModel): HypervisorFacts["hardwareAssist"] {
    return hypervisor.facts.hardwareAssist;
  }

  @FieldResolver(() => ParavirtualizationFact)
  paravirtualization(@Root() hypervisor: HypervisorModel): HypervisorFacts["paravirtualization"] {
    return hypervisor.facts.paravirtualization;
  }

  @FieldResolver(() => Int, { description: "Articles linked to it (rejected links left out)." })
  articleCount(@Root() hypervisor: HypervisorModel, @Ctx() context: GraphQLContext): Promise<number> {
    return this.loaders(context).articleCount.HYPERVISOR.load(hypervisor.slug);
  }

  @FieldResolver(() => ArticleConnection, {
    description: "Articles about it (the filter's hypervisors are replaced by it).",
  })
  articles(
    @Root() hypervisor: HypervisorModel,
    @Args(() => ArticlesArgs) { filter, orderBy, ...page }: ArticlesArgs,
  ): Promise<Connection<Article>> {
    return this.services.articles.articles(
      { ...filter, hypervisors: [hypervisor.slug], hypervisorMatch: "ANY" },
      page,
      orderBy,
    );
  }

  @FieldResolver(() => EventConnection, { description: "Catalog events about it, newest first." })
  events(
    @Root() hypervisor: HypervisorModel,
    @Args(() => EventsArgs) { filter, ...page }: EventsArgs,
  ): Promise<Connection<TimelineEvent>> {
    return this.services.catalog.events({ ...filter, hypervisors: [hypervisor.slug] }, page);
  }

  @FieldResolver(() => Timeline, {
    description: "Its timeline: articles and events about it (the filter's hypervisors are replaced by it).",
  })
  timeline(
    @Root() hypervisor: HypervisorModel,
    @Arg("filter", () => TimelineFilter, { nullable: true }) filter: TimelineFilter | null,
  ): TimelineQuery {
    return this.services.timeline.timeline({ ...filter, hypervisors: [hypervisor.slug], hypervisorMatch: "ANY" });
  }
}

@Resolver(() => VendorTenure)
export class VendorTenureResolver {
  constructor(private readonly loaders: RequestLoaders) {}

  @FieldResolver(() => Vendor, { nullable: true, description: "Null when the catalog no longer has the vendor." })
  vendor(@Root() tenure: VendorTenure, @Ctx() context: GraphQLContext): Promise<VendorModel | null> {
    return this.loaders(context).vendor.load(tenure.slug);
  }
}
