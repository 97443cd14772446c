import type { PingResult } from "../store/connect.js";

export type HealthStatus = "OK" | "DEGRADED";
export type DatabaseStatus = "UP" | "DOWN";

export interface HealthReport {
  status: HealthStatus;
  version: string;
  database: DatabaseStatus;
  databaseLatencyMs: number | null;
  /** Why the database is down; null when it is up. */
  databaseError: string | null;
}

export interface HealthDeps {
  version: string;
  pingDatabase: () => Promise<PingResult>;
}

/** The service is OK when its database answers; otherwise DEGRADED (the API still answers). */
export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const ping = await deps.pingDatabase();
  return ping.ok
    ? { status: "OK", version: deps.version, database: "UP", databaseLatencyMs: ping.latencyMs, databaseError: null }
    : {
        status: "DEGRADED",
        version: deps.version,
        database: "DOWN",
        databaseLatencyMs: null,
        databaseError: ping.reason,
      };
}
