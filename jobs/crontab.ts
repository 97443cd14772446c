import type { JobDefinition } from "./scheduler.js";

/** What the service needs to build its jobs; a job whose entry is absent gets no row. */
export interface CrontabDeps {
  /**
   * The ingest job: `schedule` is INGEST_CRON (config.ingest.cron), `run` refreshes the due
   * feeds (jobs/ingest-feeds.ts `openIngestJob(...).run`).
   */
  ingest?: { schedule: string; run: () => Promise<unknown> };
  /** The relink job (jobs/relink.ts `runRelinkJob`): re-links articles after a catalog change. */
  relink?: { schedule: string; run: () => Promise<unknown> };
}

/**
 * The schedule table, and nothing else: each row names a job file's use-case. Times are UTC.
 * Ingestion and relinking add their rows here.
 */
export function crontab(deps: CrontabDeps): JobDefinition[] {
  const rows: JobDefinition[] = [];
  // The tick only looks for feeds whose nextFetchAt has passed (D3): each feed keeps its own pace.
  if (deps.ingest) rows.push({ name: "ingest-feeds", schedule: deps.ingest.schedule, run: deps.ingest.run });
  if (deps.relink) rows.push({ name: "relink-articles", schedule: deps.relink.schedule, run: deps.relink.run });
  return rows;
}
