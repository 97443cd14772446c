import cron from "node-cron";
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

export const API_ROLES = ["editor", "admin"] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** One configured API key: who holds it, what it may do, and the SHA-256 (hex) of the key itself. */
export interface ApiKeyEntry {
  readonly name: string;
  readonly role: ApiRole;
  readonly sha256: string;
}

/** `API_KEYS="name:role:sha256hex,..."`; only hashes are configured (scripts/hash-api-key.ts). */
const apiKeys = z.string().transform((text, ctx): ApiKeyEntry[] => {
  const entries: ApiKeyEntry[] = [];
  for (const [index, raw] of text.split(",").entries()) {
    const [name = "", role = "", sha256 = "", ...rest] = raw.trim().split(":");
    const problem =
      rest.length > 0 || !/^[A-Za-z0-9_.-]{1,64}$/.test(name)
        ? "expected name:role:sha256hex (name: 1-64 letters, digits, _ . -)"
        : !(API_ROLES as readonly string[]).includes(role)
          ? `role must be one of ${API_ROLES.join(", ")}`
          : !/^[0-9a-fA-F]{64}$/.test(sha256)
            ? "expected the 64-hex-digit SHA-256 of the key, not the key (npx tsx scripts/hash-api-key.ts)"
            : entries.some((e) => e.name === name || e.sha256 === sha256.toLowerCase())
              ? "duplicate name or key"
              : null;
    if (problem) {
      ctx.addIssue({ code: "custom", message: `entry ${index + 1}: ${problem}` });
      return z.NEVER;
    }
    entries.push({ name, role: role as ApiRole, sha256: sha256.toLowerCase() });
  }
  return entries;
});

const positiveInt = (fallback: string, max: number, unit: string) =>
  z
    .string()
    .default(fallback)
    .transform(Number)
    .pipe(
      z
        .number({ error: `expected a whole number of ${unit}` })
        .int(`expected a whole number of ${unit}`)
        .min(1, `expected at least 1 ${unit}`)
        .max(max, `expected at most ${max} ${unit}`),
    );

/** `FETCH_ALLOW_LIST="10.0.0.0/8,127.0.0.1:8080"`: the fetcher parses each entry at start-up. */
const allowList = z
  .string()
  .regex(/^[0-9A-Fa-f:.[\]/,\s]*$/, "expected comma-separated CIDRs, addresses or address:port entries")
  .transform((text) =>
    text
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  );

/** A node-cron expression (5 or 6 fields), evaluated in UTC. */
const cronExpression = z
  .string()
  .refine((text) => cron.validate(text), "expected a cron expression such as */5 * * * * (evaluated in UTC)");

/** `PUBLIC_URL="https://news.example"`: the base of self links in published feeds; no trailing path. */
const publicUrl = z
  .string()
  .refine((text) => /^https?:\/\/[^/?#]+\/?$/.test(text) && URL.canParse(text), "expected http(s)://host[:port]")
  .transform((text) => new URL(text).origin);

/** `WS_ALLOWED_ORIGINS="https://a.example,https://b.example"` (or `*`): browser origins allowed on the WebSocket. */
const originList = z
  .string()
  .transform((text) =>
    text
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  )
  .refine(
    (entries) => entries.every((entry) => entry === "*" || /^https?:\/\/[^/?#]+$/.test(entry)),
    "expected comma-separated origins such as https://news.example (scheme://host[:port], no path), or *",
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
  MONGODB_SOCKET_TIMEOUT_MS: positiveMs("120000"),
  DATA_DIR: z.string().min(1, "expected a folder path").default("data"),
  EMBEDDED_DB_PORT: port("27117"),
  JOBS_ENABLED: booleanFlag.default(true),
  SHUTDOWN_GRACE_MS: positiveMs("10000"),
  FETCH_TIMEOUT_MS: positiveMs("20000"),
  FETCH_MAX_BYTES: positiveInt("15728640", 1024 * 1024 * 1024, "bytes"),
  FETCH_PER_HOST_LIMIT: positiveInt("2", 64, "requests"),
  FETCH_ALLOW_LIST: allowList.default([]),
  INGEST_CRON: cronExpression.default("*/5 * * * *"),
  INGEST_CONCURRENCY: positiveInt("8", 256, "feeds"),
  FEED_INTERVAL_FLOOR_MS: positiveMs("900000"),
  FEED_INTERVAL_CEILING_MS: positiveMs("86400000"),
  FEED_BACKOFF_BASE_MS: positiveMs("300000"),
  FEED_BACKOFF_CAP_MS: positiveMs("86400000"),
  DEFAULT_FEEDS_LOAD: booleanFlag.default(true),
  API_KEYS: apiKeys.default([]),
  API_REQUIRE_KEY_FOR_QUERIES: booleanFlag.default(false),
  PLAYGROUND_ENABLED: booleanFlag.optional(),
  PUBLIC_URL: publicUrl.optional(),
  WS_ALLOWED_ORIGINS: originList.default([]),
  WS_MAX_PAYLOAD_BYTES: positiveInt("65536", 16 * 1024 * 1024, "bytes"),
  WS_MAX_CONNECTIONS_PER_IP: positiveInt("20", 100_000, "connections"),
  WS_MAX_OPERATIONS_PER_CONNECTION: positiveInt("50", 10_000, "operations"),
  EVENT_BUS_POLL_MS: positiveMs("250"),
  EVENT_BUS_RETENTION: positiveInt("2000", 10_000_000, "events"),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly env: "development" | "production" | "test";
  readonly http: { readonly host: string; readonly port: number };
  readonly logLevel: LogLevel;
  /** Where the database is: an external server, or the embedded FerretDB the service starts. */
  readonly database:
    | {
        readonly kind: "external";
        readonly uri: string;
        readonly name: string;
        readonly timeoutMs: number;
        readonly socketTimeoutMs: number;
      }
    | {
        readonly kind: "embedded";
        readonly dataDir: string;
        readonly port: number;
        readonly name: string;
        readonly timeoutMs: number;
        readonly socketTimeoutMs: number;
      };
  readonly jobsEnabled: boolean;
  readonly shutdownGraceMs: number;
  /** Feed fetching (src/feeds/fetch): deadline, decoded-size cap, per-host limit, SSRF exceptions. */
  readonly fetch: {
    readonly timeoutMs: number;
    readonly maxBodyBytes: number;
    readonly perHostLimit: number;
    readonly allowList: readonly string[];
  };
  /** Feed ingestion: when the job looks for due feeds, how many at once, and the polling bounds. */
  readonly ingest: {
    readonly cron: string;
    readonly concurrency: number;
    readonly intervalFloorMs: number;
    readonly intervalCeilingMs: number;
    readonly backoffBaseMs: number;
    readonly backoffCapMs: number;
    readonly loadDefaultFeeds: boolean;
  };
  /** API keys (hashed) and whether queries need one too; mutations always do. */
  readonly api: { readonly keys: readonly ApiKeyEntry[]; readonly requireKeyForQueries: boolean };
  /** GraphiQL at /graphiql; off in production unless PLAYGROUND_ENABLED=true (RELIABILITY.md A6). */
  readonly playgroundEnabled: boolean;
  /** Origin of self links in published feeds and calendars; null: the address the server listens on. */
  readonly publicUrl: string | null;
  /** GraphQL over WebSocket (RELIABILITY.md A9, A10): browser origins, frame size, caps. */
  readonly ws: {
    readonly allowedOrigins: readonly string[];
    readonly maxPayloadBytes: number;
    readonly maxConnectionsPerIp: number;
    readonly maxOperationsPerConnection: number;
  };
  /** The cross-instance event bus (D8): polling interval where needed, events kept for resuming. */
  readonly events: { readonly pollIntervalMs: number; readonly retention: number };
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
        // API_KEYS is never echoed: a raw key pasted by mistake must not reach a log.
        const got = name === "API_KEYS" ? undefined : present[name];
        return `${name}: ${issue.message}${got === undefined ? "" : ` (got "${got}")`}`;
      }),
    );
  }
  const e = parsed.data;
  const ingestProblems = [
    e.FEED_INTERVAL_FLOOR_MS > e.FEED_INTERVAL_CEILING_MS
      ? `FEED_INTERVAL_FLOOR_MS (${e.FEED_INTERVAL_FLOOR_MS}) must not exceed FEED_INTERVAL_CEILING_MS (${e.FEED_INTERVAL_CEILING_MS})`
      : null,
    e.FEED_BACKOFF_BASE_MS > e.FEED_BACKOFF_CAP_MS
      ? `FEED_BACKOFF_BASE_MS (${e.FEED_BACKOFF_BASE_MS}) must not exceed FEED_BACKOFF_CAP_MS (${e.FEED_BACKOFF_CAP_MS})`
      : null,
  ].filter((problem): problem is string => problem !== null);
  if (ingestProblems.length > 0) throw new ConfigError(ingestProblems);
  if (e.API_REQUIRE_KEY_FOR_QUERIES && e.API_KEYS.length === 0) {
    throw new ConfigError(["API_REQUIRE_KEY_FOR_QUERIES: true needs at least one key in API_KEYS"]);
  }
  const database: Config["database"] = e.MONGODB_URI
    ? {
        kind: "external",
        uri: e.MONGODB_URI,
        name: e.MONGODB_DB,
        timeoutMs: e.MONGODB_TIMEOUT_MS,
        socketTimeoutMs: e.MONGODB_SOCKET_TIMEOUT_MS,
      }
    : {
        kind: "embedded",
        dataDir: e.DATA_DIR,
        port: e.EMBEDDED_DB_PORT,
        name: e.MONGODB_DB,
        timeoutMs: e.MONGODB_TIMEOUT_MS,
        socketTimeoutMs: e.MONGODB_SOCKET_TIMEOUT_MS,
      };
  return deepFreeze({
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT },
    logLevel: e.LOG_LEVEL,
    database,
    jobsEnabled: e.JOBS_ENABLED,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    fetch: {
      timeoutMs: e.FETCH_TIMEOUT_MS,
      maxBodyBytes: e.FETCH_MAX_BYTES,
      perHostLimit: e.FETCH_PER_HOST_LIMIT,
      allowList: e.FETCH_ALLOW_LIST,
    },
    ingest: {
      cron: e.INGEST_CRON,
      concurrency: e.INGEST_CONCURRENCY,
      intervalFloorMs: e.FEED_INTERVAL_FLOOR_MS,
      intervalCeilingMs: e.FEED_INTERVAL_CEILING_MS,
      backoffBaseMs: e.FEED_BACKOFF_BASE_MS,
      backoffCapMs: e.FEED_BACKOFF_CAP_MS,
      loadDefaultFeeds: e.DEFAULT_FEEDS_LOAD,
    },
    api: { keys: e.API_KEYS, requireKeyForQueries: e.API_REQUIRE_KEY_FOR_QUERIES },
    playgroundEnabled: e.PLAYGROUND_ENABLED ?? e.NODE_ENV !== "production",
    publicUrl: e.PUBLIC_URL ?? null,
    ws: {
      allowedOrigins: e.WS_ALLOWED_ORIGINS,
      maxPayloadBytes: e.WS_MAX_PAYLOAD_BYTES,
      maxConnectionsPerIp: e.WS_MAX_CONNECTIONS_PER_IP,
      maxOperationsPerConnection: e.WS_MAX_OPERATIONS_PER_CONNECTION,
    },
    events: { pollIntervalMs: e.EVENT_BUS_POLL_MS, retention: e.EVENT_BUS_RETENTION },
  });
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === "object") deepFreeze(child as object);
  }
  return Object.freeze(value);
}
