import { randomBytes } from "node:crypto";

import { type Db, MongoClient } from "mongodb";

import { connectDatabase } from "../../src/store/connect.js";

/** A fresh, uniquely named database on the run's FerretDB server; drop() removes it. */
export interface TestDatabase {
  uri: string;
  name: string;
  db: Db;
  client: MongoClient;
  drop(): Promise<void>;
}

/** The server test/run.ts started for this run. */
export function testServerUri(): string {
  const uri = process.env["MONGODB_URI"];
  if (!uri) {
    throw new Error("MONGODB_URI is not set: run tests through `npm test` (or `npx tsx test/run.ts <filter>`).");
  }
  return uri;
}

export interface TestDatabaseOptions {
  /**
   * Turn on the driver's command monitoring, so a test can count the commands it sends with
   * `t.client.on("commandStarted", ...)`. connectDatabase has no such option; the client is built
   * here with the same settings plus `monitorCommands`.
   */
  monitorCommands?: boolean;
}

export async function openTestDatabase(label = "t", options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const uri = testServerUri();
  const name = `${label.replace(/[^A-Za-z0-9]/g, "_").slice(0, 30)}_${randomBytes(4).toString("hex")}`;
  const connection = options.monitorCommands
    ? await connectMonitored(uri, name)
    : await connectDatabase({ uri, dbName: name, timeoutMs: 5_000, appName: "hng-tests" });
  return {
    uri,
    name,
    db: connection.db,
    client: connection.client,
    async drop() {
      await connection.db.dropDatabase();
      await connection.close();
    },
  };
}

async function connectMonitored(
  uri: string,
  dbName: string,
): Promise<{ db: Db; client: MongoClient; close(): Promise<void> }> {
  const client = new MongoClient(uri, {
    appName: "hng-tests",
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    retryWrites: false,
    monitorCommands: true,
  });
  await client.connect();
  return { db: client.db(dbName), client, close: () => client.close() };
}
