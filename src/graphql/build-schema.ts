import "reflect-metadata";

import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { buildSchema, type ContainerType } from "type-graphql";

import { authChecker } from "./auth-checker.js";
import type { HealthService } from "./health/health.resolver.js";
import { HealthResolver } from "./health/health.resolver.js";
import { ViewerResolver } from "./viewer/viewer.resolver.js";

/** The use-case services the resolvers adapt. Composed in main.ts, passed in here. */
const RESOLVERS = [HealthResolver, ViewerResolver] as const;

export interface GraphQLServices {
  health: HealthService;
}

/**
 * Builds the executable schema. Resolver instances are made here, explicitly, with their
 * services; type-graphql's container only hands them out.
 */
export function buildGraphQLSchema(services: GraphQLServices): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>([
    [HealthResolver, new HealthResolver(services.health)],
    [ViewerResolver, new ViewerResolver()],
  ]);
  return build({
    get(someClass) {
      const instance = instances.get(someClass);
      if (!instance) throw new Error(`no resolver instance registered for ${String(someClass)}`);
      return instance;
    },
  });
}

/** The same schema without services, for printing the SDL: it can describe, not execute. */
export function buildSchemaForPrinting(): Promise<GraphQLSchema> {
  return build({
    get() {
      throw new Error("this schema was built for printing only; use buildGraphQLSchema to execute");
    },
  });
}

function build(container: ContainerType): Promise<GraphQLSchema> {
  // authMode "error": a refused field is an error (UNAUTHENTICATED/FORBIDDEN), never a silent null.
  return buildSchema({ resolvers: RESOLVERS, container, validate: false, authChecker, authMode: "error" });
}

/** The SDL committed as schema/schema.graphql: sorted, so diffs show only real changes. */
export function printSchemaSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
