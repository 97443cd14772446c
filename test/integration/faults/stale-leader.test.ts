/**
 * RELIABILITY.md D4: the ingest job of several processes on one database, same schedule
 * (`tsx jobs/run.ts ingest --once` children). Each feed's due slot is claimed with a lease
 * (src/store/feed-leases.ts) and each run's record is fenced (recordFeedRun): on MongoDB on the
 * slot (the feed's nextFetchAt), on FerretDB on the lease itself (still the slot's latest claim,
 * with its owner).
 *
 * The feed server here counts GETs per feed and can hold answers (a gate), which turns "the
 * leader is mid-fetch", "the lease has expired" and "the stale leader resumes" into states the
 * test waits for (on the server's counters and the database), not into sleeps.
 *
 * The lease length is not configurable: jobs/ingest-feeds.ts `leaseMsFor` makes it at least
 * 5 minutes. Rather than stop a process for 5 minutes, the leader runs with its clock behind
 * the others' by (lease - LEASE_IN_WALL_MS): the expiry it writes on its claims lies
 * LEASE_IN_WALL_MS after the claim in everyone else's time, exactly as a 5-second lease would.
 * Only `Date` is shifted (a preload in the child); timers, fetch deadlines and the database are
 * real.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { leaseMsFor } from "../../../jobs/ingest-feeds.js";
import { loadConfig } from "../../../src/config/config.js";
import { articlesCollection } from "../../../src/store/articles.js";
import { feedLeasesCollection } from "../../../src/store/feed-leases.js";
import { type FeedDoc, feedsCollection } from "../../../src/store/feeds.js";
import { ensureIndexes } from "../../../src/store/indexes.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";
import { items, MINUTE, registerDueFeeds, rss } from "../ingest/ingest-harness.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const ITEMS = 5;
/** How long the skewed leader's claims last in the other processes' (and the test's) time. */
const LEASE_IN_WALL_MS = 5_000;

/**
 * Shifts `new Date()` and `Date.now()` of a child process by HNG_TEST_CLOCK_SKEW_MS. A Proxy
 * rather than a subclass, so every Date (also those made in worker threads or by the driver)
 * stays `instanceof Date`.
 */
const CLOCK_SKEW_PRELOAD = `data:text/javascript,${encodeURIComponent(`
const skew = Number(process.env.HNG_TEST_CLOCK_SKEW_MS ?? 0);
const RealDate = Date;
const realNow = RealDate.now.bind(RealDate);
const now = () => realNow() + skew;
globalThis.Date = new Proxy(RealDate, {
  construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
  apply: () => new RealDate(now()).toString(),
  get: (target, key, receiver) => (key === "now" ? now : Reflect.get(target, key, receiver)),
});
`)}`;

/** One `tsx jobs/run.ts ingest --once` child: its exit code and output, and the process to signal. */
interface Cli {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startCli(env: Record<string, string>, clockSkewMs = 0): Cli {
  const preload = clockSkewMs === 0 ? [] : ["--import", CLOCK_SKEW_PRELOAD];
  const child = spawn(process.execPath, [...preload, "--import", "tsx", "jobs/run.ts", "ingest", "--once"], {
    cwd: ROOT,
    env: { ...process.env, ...env, HNG_TEST_CLOCK_SKEW_MS: String(clockSkewMs) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = once(child, "exit").then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, done };
}

const progressLines = (stdout: string) => stdout.split("\n").filter((line) => /^(ok|failed|skipped) /.test(line));

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A loopback feed server that records every GET (path, arrival time) and answers each path's
 * RSS body with ETag `"<n>"`, n the request's number for that path. While `hold` says so for a
 * request, its answer waits until `release()`.
 */
interface GatedFeedServer {
  url(path: string): string;
  readonly allowEntry: string;
  route(path: string, body: string): void;
  /** Arrival times (Date.now()) of the GETs of a path. */
  gets(path: string): number[];
  readonly inFlight: number;
  hold(rule: ((path: string, n: number) => boolean) | null): void;
  /** Answers every held request and stops holding. */
  release(): void;
  close(): Promise<void>;
}

async function startGatedFeedServer(): Promise<GatedFeedServer> {
  const bodies = new Map<string, string>();
  const arrivals = new Map<string, number[]>();
  const held: (() => void)[] = [];
  let rule: ((path: string, n: number) => boolean) | null = null;
  let inFlight = 0;
  const server: Server = createServer((request, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    const list = arrivals.get(path) ?? [];
    list.push(Date.now());
    arrivals.set(path, list);
    const n = list.length;
    inFlight += 1;
    response.once("close", () => (inFlight -= 1));
    const answer = () => {
      const body = bodies.get(path);
      if (body === undefined) return void response.writeHead(404).end();
      response.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8", etag: `"${n}"` }).end(body);
    };
    if (rule?.(path, n)) held.push(answer);
    else answer();
  });
  server.keepAliveTimeout = 120_000;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    allowEntry: `127.0.0.1:${port}`,
    route: (path, body) => void bodies.set(path, body),
    gets: (path) => arrivals.get(path) ?? [],
    get inFlight() {
      return inFlight;
    },
    hold: (next) => void (rule = next),
    release() {
      rule = null;
      held.splice(0).forEach((answer) => answer());
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("D4: three ingest processes on one schedule, and a stale leader", () => {
  let server: GatedFeedServer;
  const children: ChildProcess[] = [];
  const databases: TestDatabase[] = [];
  const spawnCli = (env: Record<string, string>, skewMs = 0) => {
    const cli = startCli(env, skewMs);
    children.push(cli.child);
    return cli;
  };

  before(async () => {
    server = await startGatedFeedServer();
  });
  after(async () => {
    // A failed assertion must not leave a stopped child behind.
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGCONT");
        child.kill("SIGKILL");
      }
    }
    await server.close();
    for (const t of databases) await t.drop();
  });

  /** A fresh database with `paths` registered as feeds, due in that order (most overdue first). */
  async function setUp(label: string, paths: string[], dueBefore: Date) {
    const t = await openTestDatabase(label);
    databases.push(t);
    await ensureIndexes(t.db);
    const now = new Date();
    paths.forEach((path, i) => server.route(path, rss(items(`${label}${i}`, ITEMS, now))));
    await registerDueFeeds(
      t.db,
      paths.map((path) => server.url(path)),
      dueBefore,
      now,
    );
    const env = {
      MONGODB_URI: t.uri,
      MONGODB_DB: t.name,
      FETCH_ALLOW_LIST: server.allowEntry,
      DEFAULT_FEEDS_LOAD: "false",
      LOG_LEVEL: "silent",
      INGEST_CONCURRENCY: "2",
      // Far above the test's stops: a fetch that was in flight when its process was stopped
      // still gets its answer after SIGCONT (timers run late, not early).
      FETCH_TIMEOUT_MS: "120000",
      NODE_ENV: "test",
    };
    return { t, env };
  }

  async function assertItemsStoredOnce(t: TestDatabase, label: string, feeds: number) {
    const stored = await articlesCollection(t.db).countDocuments({ canonicalUrl: { $regex: `/${label}\\d+/` } });
    assert.equal(stored, feeds * ITEMS, "every item stored");
    const distinct = await articlesCollection(t.db).distinct("dedupeKey");
    assert.equal(distinct.length, stored, "no item stored twice");
  }

  it("D4: 3 processes, same due set: exactly one fetch per feed per slot, all three working at once", async () => {
    const FEEDS = 30;
    const paths = Array.from({ length: FEEDS }, (_, i) => `/d4-three/feed-${i}.xml`);
    const { t, env } = await setUp("d4three", paths, new Date());
    // Hold every answer until 6 requests are in flight: each process fetches at most 2 feeds at
    // once (INGEST_CONCURRENCY and FETCH_PER_HOST_LIMIT are 2), so all three are then mid-run on
    // their own claims at the same time; from there on, answers flow.
    server.hold(() => true);
    const clis = [spawnCli(env), spawnCli(env), spawnCli(env)];
    await until("all three processes have two fetches in flight", () => server.inFlight === 6);
    server.release();
    const results = await Promise.all(clis.map((cli) => cli.done));

    for (const result of results) assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      paths.filter((path) => server.gets(path).length !== 1),
      [],
      "every feed fetched exactly once for its due slot",
    );
    const okCounts = results.map(
      (result) => progressLines(result.stdout).filter((line) => line.startsWith("ok ")).length,
    );
    assert.equal(
      okCounts.reduce((a, b) => a + b, 0),
      FEEDS,
      `split between the processes: ${okCounts.join(" + ")}`,
    );
    assert.ok(
      okCounts.every((count) => count >= 2),
      `each process recorded the claims it held at the gate: ${okCounts.join(" + ")}`,
    );
    await assertItemsStoredOnce(t, "d4three", FEEDS);
  });

  it("D4: the leader stopped (SIGSTOP) past its lease is taken over; resumed (SIGCONT), its record is refused by the fence", async () => {
    const FEEDS = 6;
    const paths = Array.from({ length: FEEDS }, (_, i) => `/d4-stale/feed-${i}.xml`);
    const gated = paths[0]!;
    const { t, env } = await setUp("d4stale", paths, new Date(Date.now() - 60 * MINUTE));
    const leaseMs = leaseMsFor(loadConfig(env));
    const feedDoc = async (path: string) => (await feedsCollection(t.db).findOne({ url: server.url(path) }))!;
    const slot = (await feedDoc(gated)).nextFetchAt;

    // The leader, A: one feed at a time, the gated (most overdue) feed first. Its GET is held.
    server.hold((path, n) => path === gated && n === 1);
    const leader = spawnCli({ ...env, INGEST_CONCURRENCY: "1" }, -(leaseMs - LEASE_IN_WALL_MS));
    await until("the leader claimed the gated feed and is fetching it", () => server.gets(gated).length === 1);
    leader.child.kill("SIGSTOP");
    const [claim] = await feedLeasesCollection(t.db)
      .find({ feedId: (await feedDoc(gated))._id })
      .toArray();
    assert.ok(claim, "the leader's claim on the slot");
    assert.equal(claim.dueAt.getTime(), slot.getTime());
    assert.equal(claim.attempt, 0);
    assert.ok(server.gets(gated)[0]! < claim.expiresAt.getTime(), "the leader's GET was sent inside its lease");
    await until("the leader's lease has expired", () => Date.now() > claim.expiresAt.getTime());

    // B and C: the same job, the same schedule, started once the leader's claim is stale.
    const takers = [spawnCli(env), spawnCli(env)];
    const takerResults = await Promise.all(takers.map((cli) => cli.done));
    for (const result of takerResults) assert.equal(result.code, 0, result.stderr);
    const takerLines = takerResults.flatMap((result) => progressLines(result.stdout));
    assert.equal(takerLines.filter((line) => line.startsWith("ok ")).length, FEEDS, takerLines.join("\n"));
    const takenOver = await feedDoc(gated);
    assert.equal(takenOver.etag, '"2"', "the taker's fetch (the feed's 2nd GET) is the one recorded");
    assert.ok(takenOver.nextFetchAt > slot, "the slot is recorded: the feed is scheduled after it");
    // The taker's own claim on the same slot, made after the leader's had expired. (Its run
    // first prunes expired claims, so the leader's attempt-0 document is gone and the taker's is
    // attempt 0 again, with another owner: the leader's lease is no longer the slot's claim.)
    const claims = await feedLeasesCollection(t.db).find({ feedId: takenOver._id, dueAt: slot }).toArray();
    assert.equal(claims.length, 1, JSON.stringify(claims));
    assert.notEqual(claims[0]!.owner, claim.owner, "claimed by another process");
    assert.ok(claims[0]!.claimedAt.getTime() >= claim.expiresAt.getTime(), "taken over after the lease expired");

    // A resumes: its held GET is answered (ETag "1"), it stores the (same) items, and records.
    server.release();
    leader.child.kill("SIGCONT");
    const stale = await leader.done;
    assert.equal(stale.code, 0, stale.stderr);
    const staleLines = progressLines(stale.stdout);
    assert.equal(staleLines.length, 1, `only the gated feed was run by the leader:\n${stale.stdout}`);
    assert.match(staleLines[0]!, new RegExp(`^failed .*${server.url(gated)}\\s+LEASE_LOST: `));
    assert.match(stale.stdout, /ingest: 1 feeds: 0 ok, 1 failed/);

    const final = await feedDoc(gated);
    const fields = (doc: FeedDoc) => [doc.etag, doc.bodyHash, doc.nextFetchAt.getTime(), doc.recentFetches.length];
    assert.deepEqual(fields(final), fields(takenOver), "the stale leader's record was refused: nothing it wrote shows");

    // "One fetch per feed per slot", with a takeover: the slot's recorded result comes from the
    // one fetch made under the live claim (the taker's, GET 2). The stale leader's GET 1 was sent
    // before the takeover, while its own lease was live; its result is never recorded. No
    // process fetched any feed again after the slot was recorded.
    assert.deepEqual(
      paths.map((path) => server.gets(path).length),
      [2, ...paths.slice(1).map(() => 1)],
    );
    assert.ok(server.gets(gated)[1]! > claim.expiresAt.getTime(), "the second GET came after the lease expired");
    await assertItemsStoredOnce(t, "d4stale", FEEDS);
  });
});
