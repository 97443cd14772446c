import "reflect-metadata";

import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { buildSchema, type ContainerType } from "type-graphql";

import type { GraphQLPubSub } from "../events/pubsub.js";
import { AliasResolver } from "./alias/alias.resolver.js";
import { ArticleResolver } from "./article/article.resolver.js";
import { ArticleAdminResolver } from "./article/article-admin.resolver.js";
import { ArticleLinksResolver } from "./article/article-links.resolver.js";
import { authChecker } from "./auth-checker.js";
import { CompareResolver, ComparisonCellResolver } from "./compare/compare.resolver.js";
import { EventResolver } from "./event/event.resolver.js";
import { EventAdminResolver } from "./event/event-admin.resolver.js";
import { FeedResolver } from "./feed/feed.resolver.js";
import { FeedAdminResolver } from "./feed/feed-admin.resolver.js";
import { HealthResolver } from "./health/health.resolver.js";
import { HypervisorResolver, VendorTenureResolver } from "./hypervisor/hypervisor.resolver.js";
import { requestLoaders } from "./loaders.js";
import { SearchResolver } from "./search/search.resolver.js";
import type { GraphQLServices } from "./services.js";
import { ArticleChangeResolver } from "./subscriptions/article-change.resolver.js";
import { EventChangeResolver } from "./subscriptions/catalog-change.resolver.js";
import { FeedHealthChangeResolver } from "./subscriptions/feed-change.resolver.js";
import { BucketEventResolver, TimelineItemResolver, TimelineResolver } from "./timeline/timeline.resolver.js";
import { TopicResolver } from "./topic/topic.resolver.js";
import { VendorResolver } from "./vendor/vendor.resolver.js";
import { ViewerResolver } from "./viewer/viewer.resolver.js";

export type { GraphQLServices };

/** Every resolver class: one per entity or view (ARCHITECTURE.md 5.4, no god resolver). */
const RESOLVERS = [
  HealthResolver,
  ViewerResolver,
  ArticleResolver,
  ArticleLinksResolver,
  ArticleAdminResolver,
  FeedResolver,
  FeedAdminResolver,
  HypervisorResolver,
  VendorTenureResolver,
  VendorResolver,
  TopicResolver,
  EventResolver,
  EventAdminResolver,
  AliasResolver,
  TimelineResolver,
  TimelineItemResolver,
  BucketEventResolver,
  SearchResolver,
  CompareResolver,
  ComparisonCellResolver,
  ArticleChangeResolver,
  EventChangeResolver,
  FeedHealthChangeResolver,
] as const;

/** Subscriptions need the event bus (src/events); a schema built without it refuses them. */
const NO_PUBSUB: GraphQLPubSub = {
  publish() {
    throw new Error("this schema was built without an event bus");
  },
  subscribe() {
    throw new Error("this schema was built without an event bus: subscriptions are unavailable");
  },
};

/**
 * Builds the executable schema. Resolver instances are made here, explicitly, with their
 * services (composed in src/app.ts) and the per-request DataLoaders; type-graphql's container
 * only hands them out.
 */
export function buildGraphQLSchema(
  services: GraphQLServices,
  options: { pubSub?: GraphQLPubSub } = {},
): Promise<GraphQLSchema> {
  const loaders = requestLoaders(services);
  const instances = new Map<unknown, unknown>([
    [HealthResolver, new HealthResolver(services.health)],
    [ViewerResolver, new ViewerResolver()],
    [ArticleResolver, new ArticleResolver(services, loaders)],
    [ArticleLinksResolver, new ArticleLinksResolver(services)],
    [ArticleAdminResolver, new ArticleAdminResolver(services)],
    [FeedResolver, new FeedResolver(services)],
    [FeedAdminResolver, new FeedAdminResolver(services)],
    [HypervisorResolver, new HypervisorResolver(services, loaders)],
    [VendorTenureResolver, new VendorTenureResolver(loaders)],
    [VendorResolver, new VendorResolver(services, loaders)],
    [TopicResolver, new TopicResolver(services, loaders)],
    [EventResolver, new EventResolver(services, loaders)],
    [EventAdminResolver, new EventAdminResolver(services)],
    [AliasResolver, new AliasResolver(services)],
    [TimelineResolver, new TimelineResolver(services)],
    [TimelineItemResolver, new TimelineItemResolver(loaders)],
    [BucketEventResolver, new BucketEventResolver()],
    [SearchResolver, new SearchResolver(services)],
    [CompareResolver, new CompareResolver(services)],
    [ComparisonCellResolver, new ComparisonCellResolver(loaders)],
    [ArticleChangeResolver, new ArticleChangeResolver(loaders)],
    [EventChangeResolver, new EventChangeResolver(loaders)],
    [FeedHealthChangeResolver, new FeedHealthChangeResolver(loaders)],
  ]);
  return build(
    {
      get(someClass) {
        const instance = instances.get(someClass);
        if (!instance) throw new Error(`no resolver instance registered for ${String(someClass)}`);
        return instance;
      },
    },
    options.pubSub ?? NO_PUBSUB,
  );
}

/** The same schema without services, for printing the SDL: it can describe, not execute. */
export function buildSchemaForPrinting(): Promise<GraphQLSchema> {
  return build(
    {
      get() {
        throw new Error("this schema was built for printing only; use buildGraphQLSchema to execute");
      },
    },
    NO_PUBSUB,
  );
}

function build(container: ContainerType, pubSub: GraphQLPubSub): Promise<GraphQLSchema> {
  // authMode "error": a refused field is an error (UNAUTHENTICATED/FORBIDDEN), never a silent null.
  return buildSchema({ resolvers: RESOLVERS, container, validate: false, authChecker, authMode: "error", pubSub });
}

/** The SDL committed as schema/schema.graphql: sorted, so diffs show only real changes. */
export function printSchemaSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
