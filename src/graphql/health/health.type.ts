import { Field, Float, ObjectType, registerEnumType } from "type-graphql";

import type { DatabaseStatus, HealthStatus } from "../../health/check-health.js";

export const HealthStatusEnum = { OK: "OK", DEGRADED: "DEGRADED" } as const satisfies Record<
  HealthStatus,
  HealthStatus
>;
registerEnumType(HealthStatusEnum, {
  name: "HealthStatus",
  description: "OK when every dependency answers; DEGRADED when the API runs but the database does not answer.",
});

export const DatabaseStatusEnum = { UP: "UP", DOWN: "DOWN" } as const satisfies Record<DatabaseStatus, DatabaseStatus>;
registerEnumType(DatabaseStatusEnum, { name: "DatabaseStatus", description: "Whether the database answers ping." });

@ObjectType({ description: "Liveness of the service and its database." })
export class Health {
  @Field(() => HealthStatusEnum)
  status!: HealthStatus;

  @Field(() => String, { description: "Service version (package.json)." })
  version!: string;

  @Field(() => DatabaseStatusEnum)
  database!: DatabaseStatus;

  @Field(() => Float, { nullable: true, description: "Round trip of the database ping, in milliseconds." })
  databaseLatencyMs!: number | null;
}
