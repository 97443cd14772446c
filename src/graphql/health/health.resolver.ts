import { Query, Resolver } from "type-graphql";

import type { HealthReport } from "../../health/check-health.js";
import { Health } from "./health.type.js";

export interface HealthService {
  check(): Promise<HealthReport>;
}

@Resolver(() => Health)
export class HealthResolver {
  constructor(private readonly healthService: HealthService) {}

  @Query(() => Health, { description: "Is the service up, and does its database answer?" })
  health(): Promise<Health> {
    return this.healthService.check();
  }
}
