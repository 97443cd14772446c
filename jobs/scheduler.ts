import cron, { type ScheduledTask } from "node-cron";

import type { Logger } from "../src/log/logger.js";

/** One row of the crontab: a name, a UTC cron expression and the use-case it calls. */
export interface JobDefinition {
  name: string;
  schedule: string;
  run: () => Promise<unknown>;
}

export interface Scheduler {
  readonly jobs: readonly string[];
  /** Stops every task and waits for runs in flight. */
  stop(): Promise<void>;
}

/**
 * Schedules each job in UTC (no DST surprises, RELIABILITY.md D2), never overlapping itself
 * (D1). A failed run is logged with the job name and the next tick runs as usual.
 */
export function startScheduler(jobs: readonly JobDefinition[], logger: Logger): Scheduler {
  const inFlight = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) => {
    const log = logger.child({ job: job.name });
    return cron.schedule(
      job.schedule,
      async () => {
        const started = performance.now();
        const run = job.run();
        inFlight.add(run);
        try {
          const result = await run;
          log.info({ durationMs: Math.round(performance.now() - started), result }, "job: run finished");
        } catch (error) {
          log.error({ err: error, durationMs: Math.round(performance.now() - started) }, "job: run failed");
        } finally {
          inFlight.delete(run);
        }
      },
      { name: job.name, timezone: "UTC", noOverlap: true },
    );
  });
  for (const job of jobs) logger.info({ job: job.name, schedule: job.schedule }, "job: scheduled");
  return {
    jobs: jobs.map((job) => job.name),
    async stop() {
      // destroy() (not just stop()) also clears the task's timers, so the process can exit.
      await Promise.all(
        tasks.map(async (task) => {
          await task.destroy();
        }),
      );
      await Promise.allSettled([...inFlight]);
    },
  };
}
