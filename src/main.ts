import { startApp } from "./app.js";
import { ConfigError, loadConfig } from "./config/config.js";
import { createLogger } from "./log/logger.js";

/**
 * The service process: read the configuration once, start everything, and stop in order on
 * SIGINT/SIGTERM within the grace period (exit 0), or exit 1 if start-up fails.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "process: unhandled rejection"));

  let app;
  try {
    app = await startApp(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, `start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }

  let stopping = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, "shutdown: started");
    const deadline = setTimeout(() => {
      logger.fatal({ graceMs: config.shutdownGraceMs }, "shutdown: did not finish in time");
      process.exit(1);
    }, config.shutdownGraceMs);
    deadline.unref();
    try {
      await app.stop();
      logger.info("shutdown: complete");
      process.exitCode = exitCode;
    } catch (error) {
      logger.error({ err: error }, "shutdown: failed");
      process.exitCode = 1;
    }
  };
  process.once("SIGINT", () => void shutdown("SIGINT", 0));
  process.once("SIGTERM", () => void shutdown("SIGTERM", 0));
  process.on("uncaughtException", (error) => {
    logger.fatal({ err: error }, "process: uncaught exception");
    void shutdown("uncaughtException", 1);
  });
}

void main();
