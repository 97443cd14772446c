import { type Db, MongoClient } from "mongodb";

export interface DatabaseConnection {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

export interface ConnectOptions {
  uri: string;
  dbName: string;
  /** Bounds server selection and connecting, so a missing server fails fast with a clear error. */
  timeoutMs: number;
  /**
   * Ends an operation whose connection has gone silent (a stalled network or server, D7): without
   * it a command waits as long as the stall lasts. Must exceed the slowest legitimate command (a
   * filtered find over a big FerretDB collection takes seconds).
   */
  socketTimeoutMs?: number;
  appName?: string;
  maxPoolSize?: number;
}

export const DEFAULT_SOCKET_TIMEOUT_MS = 120_000;

/** Thrown when the database cannot be reached at start-up. */
export class DatabaseConnectError extends Error {
  readonly code = "DATABASE_UNREACHABLE";
}

/** Opens the one MongoClient of a process and checks the server answers `ping`. */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseConnection> {
  const client = new MongoClient(options.uri, {
    appName: options.appName ?? "hypervisor-news-graph",
    maxPoolSize: options.maxPoolSize ?? 20,
    serverSelectionTimeoutMS: options.timeoutMs,
    connectTimeoutMS: options.timeoutMs,
    socketTimeoutMS: options.socketTimeoutMs ?? DEFAULT_SOCKET_TIMEOUT_MS,
    // Retryable writes need a replica set; the embedded FerretDB is a standalone server.
    retryWrites: false,
  });
  try {
    await client.connect();
    const db = client.db(options.dbName);
    await db.command({ ping: 1 });
    return { client, db, close: () => client.close() };
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new DatabaseConnectError(`cannot reach the database at ${redactUri(options.uri)}: ${String(error)}`, {
      cause: error,
    });
  }
}

/** Result of a bounded ping, for health checks. */
export type PingResult = { ok: true; latencyMs: number } | { ok: false; reason: string };

/** Pings the server, giving up after `timeoutMs` (client-side operation timeout). */
export async function pingDatabase(db: Db, timeoutMs: number): Promise<PingResult> {
  const started = performance.now();
  try {
    await db.command({ ping: 1 }, { timeoutMS: timeoutMs });
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Hides credentials in a connection string before it reaches a log or an error message. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]*)@/, "//***@");
}
