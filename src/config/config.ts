import { z } from "zod";

/**
 * Every setting the service reads, from environment variables only. `loadConfig` is the one
 * place that touches `process.env`; everything else receives the frozen `Config`.
 */
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "expected true or false" })
  .transform((value) => value === "true" || value === "1" || value === "yes");

const port = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform(Number)
    .pipe(
      z
        .number({ error: "expected a whole number" })
        .int("expected a whole number")
        .min(0, "expected a port from 0 to 65535")
        .max(65535, "expected a port from 0 to 65535"),
    );

const positiveMs = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform(Number)
    .pipe(
      z.number({ error: "expected milliseconds" }).int("expected whole milliseconds").min(1, "expected at least 1 ms"),
    );

const envSchema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"], { error: "expected development, production or test" })
    .default("development"),
  HOST: z.string().min(1, "expected a host name or address").default("127.0.0.1"),
  PORT: port("4000"),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, "expected a mongodb:// or mongodb+srv:// connection string")
    .optional(),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, "expected 1-63 letters, digits, _ or -")
    .default("hypervisor_news"),
  MONGODB_TIMEOUT_MS: positiveMs("5000"),
  DATA_DIR: z.string().min(1, "expected a folder path").default("data"),
  EMBEDDED_DB_PORT: port("27117"),
  JOBS_ENABLED: booleanFlag.default(true),
  SHUTDOWN_GRACE_MS: positiveMs("10000"),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly env: "development" | "production" | "test";
  readonly http: { readonly host: string; readonly port: number };
  readonly logLevel: LogLevel;
  /** Where the database is: an external server, or the embedded FerretDB the service starts. */
  readonly database:
    | { readonly kind: "external"; readonly uri: string; readonly name: string; readonly timeoutMs: number }
    | {
        readonly kind: "embedded";
        readonly dataDir: string;
        readonly port: number;
        readonly name: string;
        readonly timeoutMs: number;
      };
  readonly jobsEnabled: boolean;
  readonly shutdownGraceMs: number;
}

/** Thrown when an environment variable is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses and validates the environment once. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .map((name) => [name, env[name]] as const)
      .filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        const got = present[name];
        return `${name}: ${issue.message}${got === undefined ? "" : ` (got "${got}")`}`;
      }),
    );
  }
  const e = parsed.data;
  const database: Config["database"] = e.MONGODB_URI
    ? { kind: "external", uri: e.MONGODB_URI, name: e.MONGODB_DB, timeoutMs: e.MONGODB_TIMEOUT_MS }
    : {
        kind: "embedded",
        dataDir: e.DATA_DIR,
        port: e.EMBEDDED_DB_PORT,
        name: e.MONGODB_DB,
        timeoutMs: e.MONGODB_TIMEOUT_MS,
      };
  return deepFreeze({
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT },
    logLevel: e.LOG_LEVEL,
    database,
    jobsEnabled: e.JOBS_ENABLED,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  });
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === "object") deepFreeze(child as object);
  }
  return Object.freeze(value);
}
