import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { articlesCollection } from "../../../src/store/articles.js";
import { ensureIndexes } from "../../../src/store/indexes.js";
import { type FeedServer, startFeedServer } from "../../helpers/feed-server.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";
import { items, registerDueFeeds, rss } from "./ingest-harness.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const FEEDS = 60;
const ITEMS = 5;

/** `tsx jobs/run.ts ingest --once` as a child process; resolves with its exit code and stdout. */
function startCli(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "jobs/run.ts", "ingest", "--once"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return once(child, "exit").then(([code]) => ({ code: code as number | null, stdout, stderr }));
}

describe("two ingest processes on one database (D4, D5)", () => {
  let t: TestDatabase;
  let server: FeedServer;
  const paths = Array.from({ length: FEEDS }, (_, i) => `/two/feed-${i}.xml`);
  before(async () => {
    t = await openTestDatabase("two_processes");
    await ensureIndexes(t.db);
    server = await startFeedServer();
    const now = new Date();
    // Each answer takes a while, so the first process is still busy when the second starts.
    paths.forEach((path, i) => server.route(path, { body: rss(items(`two${i}`, ITEMS, now)), latencyMs: 100 }));
    // Most overdue first: feed-0 is the first either process takes.
    await registerDueFeeds(
      t.db,
      paths.map((path) => server.url(path)),
      now,
      now,
    );
  });
  after(async () => {
    await server.close();
    await t.drop();
  });

  it("fetches each due feed exactly once between them and stores each item once", async () => {
    const env = {
      MONGODB_URI: t.uri,
      MONGODB_DB: t.name,
      FETCH_ALLOW_LIST: server.allowEntry,
      DEFAULT_FEEDS_LOAD: "false",
      LOG_LEVEL: "silent",
      INGEST_CONCURRENCY: "2",
      NODE_ENV: "test",
    };
    const first = startCli(env);
    await server.waitForRequests(paths[0]!, 1);
    const second = startCli(env);
    const results = await Promise.all([first, second]);

    for (const result of results) assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      paths.filter((path) => server.requests(path) !== 1),
      [],
      "every feed fetched once per due time",
    );
    const okLines = results.map((result) => result.stdout.split("\n").filter((line) => line.startsWith("ok ")).length);
    assert.equal(okLines[0]! + okLines[1]!, FEEDS, `split between the processes: ${okLines.join(" + ")}`);
    const stored = await articlesCollection(t.db).countDocuments({
      canonicalUrl: /^https:\/\/news\.example\/two\d+\//,
    });
    assert.equal(stored, FEEDS * ITEMS);
    const distinct = await articlesCollection(t.db).distinct("dedupeKey");
    assert.equal(distinct.length, stored);
  });
});
