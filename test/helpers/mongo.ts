import { randomBytes } from "node:crypto";

import type { Db, MongoClient } from "mongodb";

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

export async function openTestDatabase(label = "t"): Promise<TestDatabase> {
  const uri = testServerUri();
  const name = `${label.replace(/[^A-Za-z0-9]/g, "_").slice(0, 30)}_${randomBytes(4).toString("hex")}`;
  const connection = await connectDatabase({ uri, dbName: name, timeoutMs: 5_000, appName: "hng-tests" });
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
