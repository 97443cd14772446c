import "reflect-metadata";

import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { buildSchema, type ContainerType } from "type-graphql";

import type { HealthService } from "./health/health.resolver.js";
import { HealthResolver } from "./health/health.resolver.js";

/** The use-case services the resolvers adapt. Composed in main.ts, passed in here. */
export interface GraphQLServices {
  health: HealthService;
}

/**
 * Builds the executable schema. Resolver instances are made here, explicitly, with their
 * services; type-graphql's container only hands them out.
 */
export async function buildGraphQLSchema(services: GraphQLServices): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>([[HealthResolver, new HealthResolver(services.health)]]);
  const container: ContainerType = {
    get(someClass) {
      const instance = instances.get(someClass);
      if (!instance) throw new Error(`no resolver instance registered for ${String(someClass)}`);
      return instance;
    },
  };
  return buildSchema({
    resolvers: [HealthResolver],
    container,
    validate: false,
  });
}

/** The SDL committed as schema/schema.graphql: sorted, so diffs show only real changes. */
export function printSchemaSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
