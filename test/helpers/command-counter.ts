import { type CommandStartedEvent, type Db, MongoClient } from "mongodb";

import { testServerUri } from "./mongo.js";

/** Commands the driver sends on its own, not on behalf of the code under test. */
const BACKGROUND = new Set(["hello", "ismaster", "isMaster", "endSessions", "saslStart", "saslContinue", "ping"]);

/** A point in the command stream; counts are taken between two of them. */
export interface CommandMark {
  readonly index: number;
}

/**
 * A MongoClient of its own with command monitoring on, for proving how many database round
 * trips an operation costs (e.g. "a page is one `find`, whatever its size"; later: DataLoader
 * batching). Hand `db` to the code under test, then compare `countSince(mark)`.
 */
export interface CommandCounter {
  db: Db;
  client: MongoClient;
  mark(): CommandMark;
  /** Command name → how many were started since `mark` (driver-internal commands left out). */
  countSince(mark: CommandMark): Record<string, number>;
  /** All commands since `mark`, in order: name and the collection or target they name. */
  commandsSince(mark: CommandMark): readonly { name: string; target: unknown }[];
  close(): Promise<void>;
}

/** Opens a counting client on database `dbName` of the run's test server. */
export async function openCommandCounter(dbName: string): Promise<CommandCounter> {
  const client = new MongoClient(testServerUri(), {
    monitorCommands: true,
    appName: "hng-command-counter",
    serverSelectionTimeoutMS: 5_000,
    retryWrites: false,
  });
  const seen: { name: string; target: unknown }[] = [];
  client.on("commandStarted", (event: CommandStartedEvent) => {
    if (!BACKGROUND.has(event.commandName)) {
      seen.push({ name: event.commandName, target: event.command[event.commandName] });
    }
  });
  await client.connect();
  const commandsSince = (mark: CommandMark) => seen.slice(mark.index);
  return {
    db: client.db(dbName),
    client,
    mark: () => ({ index: seen.length }),
    commandsSince,
    countSince(mark) {
      const counts: Record<string, number> = {};
      for (const { name } of commandsSince(mark)) counts[name] = (counts[name] ?? 0) + 1;
      return counts;
    },
    close: () => client.close(),
  };
}
