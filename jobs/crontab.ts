import type { JobDefinition } from "./scheduler.js";

/** What the service needs to build its jobs. */
export type CrontabDeps = Record<string, never>;

/**
 * The schedule table, and nothing else: each row names a job file's use-case. Times are UTC.
 * Ingestion and relinking add their rows here.
 */
export function crontab(_deps: CrontabDeps): JobDefinition[] {
  return [];
}
