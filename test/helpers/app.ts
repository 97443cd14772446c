import { type App, startApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/log/logger.js";
import { testServerUri } from "./mongo.js";

/**
 * The whole service in this process, on a free port, against `uri` (default: the run's test
 * server) and a database of its own. Jobs are off unless a test turns them on.
 */
export async function startTestApp(options: {
  uri?: string;
  dbName: string;
  env?: Record<string, string>;
}): Promise<App> {
  const config = loadConfig({
    MONGODB_URI: options.uri ?? testServerUri(),
    MONGODB_DB: options.dbName,
    PORT: "0",
    JOBS_ENABLED: "false",
    // An empty feed registry: a test registers the feeds it is about.
    DEFAULT_FEEDS_LOAD: "false",
    LOG_LEVEL: "silent",
    MONGODB_TIMEOUT_MS: "2000",
    ...options.env,
  });
  return startApp(config, createLogger(config.logLevel));
}
