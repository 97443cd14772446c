/**
 * Event-loop delay on the main thread (RELIABILITY C3) while 10 large feeds (~15 MB in total) are
 * processed: through the worker pool (parse only, and parse + normalise), and inline on the main
 * thread for comparison. Prints perf_hooks.monitorEventLoopDelay max and p99 (target: max ≤ 20 ms
 * with the pool).
 *
 * Then the API's view of the same load: the whole service (src/app.ts, embedded FerretDB) runs
 * in this process, and a GraphQL `{ health { status database } }` query is sent back to back,
 * idle and while the 10 feeds are parsed and normalised (target: p99 under load ≤ 1.5 × idle p99).
 *
 *   npx tsx bench/event-loop.bench.ts [poolSize]   (default: CPU count − 1, at least 1)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

import { startApp } from "../src/app.js";
import { loadConfig } from "../src/config/config.js";
import { normalizeFeed } from "../src/feeds/normalize/normalize-feed.js";
import { parseFeed } from "../src/feeds/parse/parse-feed.js";
import { type ParseInput } from "../src/feeds/parse/parsed-feed.js";
import { createParserPool, type FeedParserPool } from "../src/feeds/parse/parser-pool.js";
import { createLogger } from "../src/log/logger.js";

// One core stays with the main thread: with more busy workers than free cores, the OS itself
// starves the event loop (measured: 4 workers on 2 cores gave a 57 ms max delay).
const POOL_SIZE = Number(process.argv[2] ?? Math.max(1, availableParallelism() - 1));
const FEEDS = 10;
const NOW = new Date("2024-06-01T00:00:00Z");
const SENTENCE = 'Xen, KVM &amp; bhyve: <b>paravirtualised I/O</b> and <a href="/docs">virtio</a> queues. ';

/** A ~1.5 MB RSS feed: 450 items with ~1 KB descriptions and ~2 KB content:encoded. */
function largeFeed(seed: number): ParseInput {
  const items: string[] = [];
  for (let index = 0; index < 450; index += 1) {
    items.push(
      `<item><title>Feed ${seed} item ${index}</title><link>https://feed${seed}.example/${index}</link>` +
        `<guid>${seed}-${index}</guid><pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate>` +
        `<description>${SENTENCE.replace(/</g, "&lt;").repeat(11)}</description>` +
        `<content:encoded><![CDATA[<p>${SENTENCE.repeat(24)}</p>]]></content:encoded></item>`,
    );
  }
  const xml =
    `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">` +
    `<channel><title>Feed ${seed}</title>${items.join("")}</channel></rss>`;
  return { body: Buffer.from(xml), url: `https://feed${seed}.example/rss`, contentType: "application/rss+xml" };
}

async function measure(name: string, run: () => Promise<unknown>): Promise<void> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  await sleep(20);
  histogram.enable();
  const started = performance.now();
  await run();
  const elapsed = performance.now() - started;
  await sleep(20); // let the monitor record the last turn
  histogram.disable();
  const ms = (nanoseconds: number) => (nanoseconds / 1e6).toFixed(1);
  console.log(
    `${name}: wall ${elapsed.toFixed(0)} ms; event-loop delay max ${ms(histogram.max)} ms, ` +
      `p99 ${ms(histogram.percentile(99))} ms, mean ${ms(histogram.mean)} ms`,
  );
}

async function main(): Promise<void> {
  const inputs = Array.from({ length: FEEDS }, (_, seed) => largeFeed(seed));
  const totalMb = inputs.reduce((sum, input) => sum + input.body.length, 0) / 1024 / 1024;
  console.log(`${FEEDS} feeds, ${totalMb.toFixed(1)} MiB in total; pool of ${POOL_SIZE} workers`);

  const pool = createParserPool({ size: POOL_SIZE });
  try {
    // Start every worker first: their start-up (and tsx's) is not what we measure.
    await Promise.all(inputs.slice(0, POOL_SIZE).map((input) => pool.parse(input)));
    await measure("pool: parse", () => Promise.all(inputs.map((input) => pool.parse(input))));
    await measure("pool: parse + normalise", () =>
      Promise.all(inputs.map((input) => pool.parseAndNormalize(input, { feedUrl: input.url, now: NOW }))),
    );
  } finally {
    await pool.close();
  }

  await measure("inline: parse", async () => {
    for (const input of inputs) {
      parseFeed(input);
      await sleep(0); // yield between feeds, as an ingest loop would
    }
  });
  await measure("inline: parse + normalise", async () => {
    for (const input of inputs) {
      normalizeFeed(parseFeed(input), { feedUrl: input.url, now: NOW });
      await sleep(0);
    }
  });
}

/** Latencies (ms) of `{ health }` queries sent one after another until `until` settles. */
async function healthLatencies(url: string, agent: Agent, until: Promise<unknown> | number): Promise<number[]> {
  const body = JSON.stringify({ query: "{ health { status database } }" });
  const latencies: number[] = [];
  let done = false;
  if (typeof until !== "number") void until.then(() => (done = true));
  while (typeof until === "number" ? latencies.length < until : !done) {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const req = request(
        `${url}/graphql`,
        { method: "POST", agent, headers: { "content-type": "application/json", "content-length": body.length } },
        (res) => {
          res.resume();
          res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    latencies.push(performance.now() - started);
  }
  return latencies;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measureApi(inputs: ParseInput[]): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "hng-event-loop-bench-"));
  const config = loadConfig({
    PORT: "0",
    DATA_DIR: dataDir,
    JOBS_ENABLED: "false",
    DEFAULT_FEEDS_LOAD: "false",
    LOG_LEVEL: "silent",
  });
  const app = await startApp(config, createLogger(config.logLevel));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const pool: FeedParserPool = createParserPool({ size: POOL_SIZE });
  try {
    await healthLatencies(app.url, agent, 200); // warm-up: JIT, connections, schema caches
    await Promise.all(inputs.slice(0, POOL_SIZE).map((input) => pool.parse(input)));
    const report = (name: string, latencies: number[]) =>
      console.log(
        `${name}: ${latencies.length} queries, p50 ${percentile(latencies, 50).toFixed(2)} ms, ` +
          `p99 ${percentile(latencies, 99).toFixed(2)} ms, max ${Math.max(...latencies).toFixed(2)} ms`,
      );
    const rounds = 3;
    const idle = await healthLatencies(app.url, agent, 1_000);
    report("api idle", idle);
    const parseAll = async () => {
      for (let round = 0; round < rounds; round += 1) {
        await Promise.all(inputs.map((input) => pool.parseAndNormalize(input, { feedUrl: input.url, now: NOW })));
      }
    };
    const pooled = await healthLatencies(app.url, agent, parseAll());
    report(`api while ${FEEDS} feeds x ${rounds} are parsed + normalised in the pool`, pooled);
    console.log(
      `api p99 under load / idle p99: ${(percentile(pooled, 99) / percentile(idle, 99)).toFixed(2)} (target <= 1.5)`,
    );
    const inline = async () => {
      for (const input of inputs) {
        normalizeFeed(parseFeed(input), { feedUrl: input.url, now: NOW });
        await sleep(0);
      }
    };
    report(
      `api while ${FEEDS} feeds are parsed + normalised inline (for comparison)`,
      await healthLatencies(app.url, agent, inline()),
    );
  } finally {
    agent.destroy();
    await pool.close();
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
await measureApi(Array.from({ length: FEEDS }, (_, seed) => largeFeed(seed)));
