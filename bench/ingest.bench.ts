/**
 * Ingestion end to end into a FerretDB this bench starts, from loopback feed servers:
 *
 *   npx tsx bench/ingest.bench.ts [--feeds 1000] [--items 50] [--concurrency 16] [--hosts 8]
 *
 * Runs: (1) first ingest of every feed; (2) the same bodies again, no validators (same body
 * hash: no parse, no article write); (3) the servers start sending ETags (same bodies: stores
 * them); (4) a conditional re-run (304s). Prints items/s of (1), wall times, write commands per
 * feed by collection, and the peak RSS of this process (servers, ingest and driver together).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { MongoClient } from "mongodb";

import { readCatalog } from "../src/catalog/read-catalog.js";
import { ensureEmbeddedDbInstalled } from "../src/embedded-db/install.js";
import { startEmbeddedDb } from "../src/embedded-db/server.js";
import { createFetcher } from "../src/feeds/fetch/fetcher.js";
import { normalizeFeedUrl } from "../src/feeds/normalize/url.js";
import { createParserPool } from "../src/feeds/parse/parser-pool.js";
import { addFeeds } from "../src/ingest/add-feeds.js";
import type { IngestDeps } from "../src/ingest/ingest-deps.js";
import { refreshDueFeeds, type RunSummary } from "../src/ingest/refresh-due-feeds.js";
import { createSchedulePolicy } from "../src/ingest/schedule.js";
import { createLinker } from "../src/linking/create-linker.js";
import { articlesCollection } from "../src/store/articles.js";
import { ensureIndexes } from "../src/store/indexes.js";
import { searchTokensOf } from "../src/timeline/search-tokens.js";
import { type FeedServer, startFeedServer } from "../test/helpers/feed-server.js";

const { values } = parseArgs({
  options: {
    feeds: { type: "string", default: "1000" },
    items: { type: "string", default: "50" },
    concurrency: { type: "string", default: "16" },
    hosts: { type: "string", default: "8" },
  },
});
const FEEDS = Number(values.feeds);
const ITEMS = Number(values.items);
const CONCURRENCY = Number(values.concurrency);
const HOSTS = Number(values.hosts);
const DAY = 86_400_000;
const say = (line: string) => process.stdout.write(`${line}\n`);

function feedBody(feed: number, now: Date): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const date = new Date(now.getTime() - (i + 1) * 3_600_000).toUTCString();
    const text = `Feed ${feed} story ${i}: a hypervisor release note about KVM, Xen and VMware ESXi. `.repeat(6);
    return `<item><title>Feed ${feed} story ${i}</title><guid isPermaLink="false">f${feed}-i${i}</guid><link>https://bench.example/${feed}/${i}</link><pubDate>${date}</pubDate><description>${text}</description></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench feed ${feed}</title><link>https://bench.example/${feed}/</link><description>bench</description>${items.join("")}</channel></rss>`;
}

type Feeds = { host: FeedServer; path: string; f: number }[];

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "hng-ingest-bench-"));
  const server = await startEmbeddedDb({ installation: await ensureEmbeddedDbInstalled(say), dataDir, port: 0 });
  const client = new MongoClient(server.uri, { monitorCommands: true, retryWrites: false });
  const hosts: FeedServer[] = [];
  const parser = createParserPool({ size: 2 });
  try {
    await client.connect();
    const db = client.db("ingest_bench");
    await ensureIndexes(db);
    for (let h = 0; h < HOSTS; h += 1) hosts.push(await startFeedServer());
    const deps: IngestDeps = {
      db,
      fetcher: createFetcher({ allowList: hosts.map((host) => host.allowEntry) }),
      parser,
      linker: createLinker(await readCatalog()),
      searchTokensOf,
      policy: createSchedulePolicy({ floorMs: 900_000, ceilingMs: DAY, backoffBaseMs: 300_000, backoffCapMs: DAY }),
      leaseMs: 300_000,
    };
    await runBench(client, deps, hosts);
  } finally {
    await parser.close();
    for (const host of hosts) await host.close();
    await client.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Registers the feeds, runs the four passes, prints the figures. */
async function runBench(client: MongoClient, deps: IngestDeps, hosts: FeedServer[]): Promise<void> {
  const now = new Date();
  const feeds: Feeds = Array.from({ length: FEEDS }, (_, f) => ({
    host: hosts[f % HOSTS]!,
    path: `/feed-${f}.xml`,
    f,
  }));
  for (const { host, path, f } of feeds) host.route(path, { body: feedBody(f, now) });
  await addFeeds(
    deps.db,
    feeds.map(({ host, path }) => ({ url: host.url(path), title: "", siteUrl: null, tags: [] })),
    { normalizeUrl: normalizeFeedUrl, now },
  );
  const writes = countWrites(client);
  const timings = timeCommands(client);
  const run = async (label: string, at: Date): Promise<RunSummary> => {
    writes.clear();
    timings.clear();
    const summary = await refreshDueFeeds(deps, at, { concurrency: CONCURRENCY });
    const perFeed = [...writes].map(([key, count]) => `${key}: ${(count / FEEDS).toFixed(2)}`).join(", ");
    const slowest = [...timings]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 5)
      .map(([key, { count, ms }]) => `${key} ${count}x ${(ms / count).toFixed(1)} ms`)
      .join(", ");
    say(
      `${label.padEnd(34)} ${(summary.durationMs / 1000).toFixed(2).padStart(7)} s  ` +
        `ok ${summary.ok} unchanged ${summary.unchanged} not-modified ${summary.notModified} failed ${summary.failed}  ` +
        `items new ${summary.itemsNew}\n${"".padEnd(36)}write commands per feed: ${perFeed}` +
        `\n${"".padEnd(36)}slowest commands (count, mean): ${slowest}`,
    );
    return summary;
  };
  say(`ingest bench: ${FEEDS} feeds x ${ITEMS} items on ${HOSTS} loopback hosts, concurrency ${CONCURRENCY}`);
  const first = await run("1 first run", now);
  const unchanged = await run("2 re-run, same bodies, no ETag", new Date(now.getTime() + 2 * DAY));
  for (const { host, path, f } of feeds) host.route(path, { body: feedBody(f, now), etag: `"v-${f}"` });
  await run("3 servers add ETags (same bodies)", new Date(now.getTime() + 4 * DAY));
  const conditional = await run("4 conditional re-run (304)", new Date(now.getTime() + 6 * DAY));
  const stored = await articlesCollection(deps.db).countDocuments();
  say(`articles stored: ${stored} (expected ${FEEDS * ITEMS})`);
  say(`first run: ${Math.round(first.itemsNew / (first.durationMs / 1000))} items/s`);
  say(`unchanged re-run: ${pct(unchanged, first)} of the first run's wall time (target <= 10 %)`);
  say(`304 re-run: ${pct(conditional, first)} of the first run's wall time`);
  say(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
}

/** Commands by name and collection: how many, and their total server round-trip time. */
function timeCommands(client: MongoClient): Map<string, { count: number; ms: number }> {
  const timings = new Map<string, { count: number; ms: number }>();
  const names = new Map<number, string>();
  client.on("commandStarted", (event) => {
    names.set(event.requestId, `${event.commandName} ${String(event.command[event.commandName])}`);
  });
  client.on("commandSucceeded", (event) => {
    const key = names.get(event.requestId);
    names.delete(event.requestId);
    if (key === undefined) return;
    const entry = timings.get(key) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += event.duration;
    timings.set(key, entry);
  });
  return timings;
}

/** Write commands sent, by command and collection, through the driver's command monitoring. */
function countWrites(client: MongoClient): Map<string, number> {
  const writes = new Map<string, number>();
  client.on("commandStarted", (event) => {
    if (!["insert", "update", "delete", "findAndModify"].includes(event.commandName)) return;
    const key = `${event.commandName} ${String(event.command[event.commandName])}`;
    writes.set(key, (writes.get(key) ?? 0) + 1);
  });
  return writes;
}

const pct = (run: RunSummary, base: RunSummary) => `${((100 * run.durationMs) / base.durationMs).toFixed(1)} %`;

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`ingest bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
