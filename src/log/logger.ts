import { type Logger, pino } from "pino";

import type { LogLevel } from "../config/config.js";

export type { Logger };

/**
 * Structured JSON logs on stdout. Scoped fields (requestId, feedId, job, op) are added with
 * `logger.child({...})` where the scope starts.
 */
export function createLogger(level: LogLevel, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: "hypervisor-news-graph", ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
