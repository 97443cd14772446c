/**
 * Fetcher throughput under the per-host limit (RELIABILITY.md B9), loopback only.
 *
 *   npx tsx bench/fetch.bench.ts
 *
 * 200 feeds spread round-robin over 3 loopback servers (3 "hosts": same address, different
 * ports), each answering after 50 ms. A pool of N concurrent fetches goes through one fetcher
 * with per-host limit L. Ideal cycle = ceil(200 / min(N, 3·L)) × 50 ms; target ≤ 1.3× ideal, and
 * no host may ever see more than L requests at once (checked on the server side and by the fetcher).
 * Exits non-zero when a target is missed.
 */
import { createFetcher } from "../src/feeds/fetch/fetcher.js";
import { type FeedServer, startFeedServer } from "../test/helpers/feed-server.js";

const FEEDS = 200;
const HOSTS = 3;
const LATENCY_MS = 50;
const TARGET_RATIO = 1.3;
const CYCLES = 3;
const CONFIGS: { pool: number; perHost: number }[] = [
  { pool: 4, perHost: 2 },
  { pool: 6, perHost: 2 },
  { pool: 12, perHost: 2 },
  { pool: 8, perHost: 4 },
  { pool: 16, perHost: 4 },
  { pool: 24, perHost: 8 },
];

interface Figures {
  pool: number;
  perHost: number;
  idealMs: number;
  medianMs: number;
  ratio: number;
  serverMaxInFlight: number;
  fetcherMaxInFlight: number;
  failures: number;
}

async function startHosts(): Promise<FeedServer[]> {
  const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title></channel></rss>`;
  const routes = Object.fromEntries(
    Array.from({ length: FEEDS }, (_, i) => [`/feed/${i}`, { body, latencyMs: LATENCY_MS }]),
  );
  return Promise.all(Array.from({ length: HOSTS }, () => startFeedServer({ routes })));
}

/** Runs `tasks` with at most `pool` in progress; resolves when all are done. */
async function runPool(pool: number, tasks: (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      await task?.();
    }
  };
  await Promise.all(Array.from({ length: pool }, worker));
}

async function measure(hosts: FeedServer[], pool: number, perHost: number): Promise<Figures> {
  hosts.forEach((host) => host.resetCounters());
  const fetcher = createFetcher({ allowList: hosts.map((host) => host.allowEntry), maxConcurrentPerHost: perHost });
  const urls = Array.from({ length: FEEDS }, (_, i) => hosts[i % HOSTS]?.url(`/feed/${i}`) ?? "");
  const durations: number[] = [];
  let failures = 0;
  for (let cycle = 0; cycle < CYCLES; cycle += 1) {
    const started = performance.now();
    await runPool(
      pool,
      urls.map((url) => async () => {
        const result = await fetcher.fetch({ url });
        if (result.kind !== "ok") failures += 1;
      }),
    );
    durations.push(performance.now() - started);
  }
  const idealMs = Math.ceil(FEEDS / Math.min(pool, HOSTS * perHost)) * LATENCY_MS;
  const medianMs = durations.sort((a, b) => a - b)[Math.floor(CYCLES / 2)] ?? 0;
  return {
    pool,
    perHost,
    idealMs,
    medianMs,
    ratio: medianMs / idealMs,
    serverMaxInFlight: Math.max(...hosts.map((host) => host.maxInFlight)),
    fetcherMaxInFlight: Math.max(...fetcher.stats().map((stat) => stat.maxInFlight)),
    failures,
  };
}

function print(rows: Figures[]): boolean {
  console.log(`fetch bench: ${FEEDS} feeds, ${HOSTS} loopback hosts, ${LATENCY_MS} ms latency, median of ${CYCLES}`);
  console.log(
    "pool N | per-host L | ideal ms | cycle ms | ratio | max in flight/host (server, fetcher) | failures | ok",
  );
  let allOk = true;
  for (const row of rows) {
    const ok =
      row.ratio <= TARGET_RATIO &&
      row.serverMaxInFlight <= row.perHost &&
      row.fetcherMaxInFlight <= row.perHost &&
      row.failures === 0;
    allOk &&= ok;
    const cells = [
      row.pool,
      row.perHost,
      row.idealMs,
      row.medianMs.toFixed(0),
      `${row.ratio.toFixed(2)}×`,
      `${row.serverMaxInFlight}, ${row.fetcherMaxInFlight}`,
      row.failures,
      ok ? "yes" : "NO",
    ];
    console.log(cells.join(" | "));
  }
  return allOk;
}

async function main(): Promise<void> {
  const hosts = await startHosts();
  try {
    const rows: Figures[] = [];
    for (const { pool, perHost } of CONFIGS) rows.push(await measure(hosts, pool, perHost));
    if (!print(rows)) process.exitCode = 1;
  } finally {
    await Promise.all(hosts.map((host) => host.close()));
  }
}

await main();
