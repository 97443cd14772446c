/**
 * Live news delivery (issue 6), two service processes (src/main.ts) on one FerretDB this bench
 * starts, articles ingested for real (addFeed / refreshFeed mutations on instance A, fetching
 * from a loopback feed server):
 *
 *   npx tsx bench/live.bench.ts [--subscribers 1000] [--rounds 20] [--e2e-rounds 30] [--poll-ms 250]
 *
 * (1) Fan-out on one instance: N WebSocket subscribers on A with four kinds of filters (xen,
 *     kvm, xen-or-kvm at confidence >= 0.5, none); each round ingests one Xen article on A.
 *     Latency = receipt - `announcedAt` (set once the article write is acknowledged, just before
 *     the bus append), per delivery and for the last delivery of a round; memory per subscriber
 *     = growth of A's RSS while the N subscriptions open, divided by N.
 * (2) Across instances: 10 subscribers on B, ingest on A, same latency, plus the latency from
 *     the start of the refreshFeed mutation (fetch, parse, link, write, announce, deliver).
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { MongoClient } from "mongodb";
import WebSocket from "ws";

import { hashApiKey } from "../src/auth/api-keys.js";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { readCatalog } from "../src/catalog/read-catalog.js";
import { ensureEmbeddedDbInstalled } from "../src/embedded-db/install.js";
import { startEmbeddedDb } from "../src/embedded-db/server.js";
import { startFeedServer } from "../test/helpers/feed-server.js";
import { type ServiceProcess, spawnService } from "../test/helpers/service-process.js";

const { values } = parseArgs({
  options: {
    subscribers: { type: "string", default: "1000" },
    rounds: { type: "string", default: "20" },
    "e2e-rounds": { type: "string", default: "30" },
    "poll-ms": { type: "string", default: "250" },
  },
});
const SUBSCRIBERS = Number(values.subscribers);
const ROUNDS = Number(values.rounds);
const E2E_ROUNDS = Number(values["e2e-rounds"]);
const POLL_MS = values["poll-ms"];
const KEY = "bench-editor-key-000001";
const say = (line: string) => process.stdout.write(`${line}\n`);

const SUBSCRIPTION = `subscription($filter: ArticleFilter) {
  articleAdded(filter: $filter) { eventId announcedAt article { id title hypervisors { slug } } }
}`;
/** Filter kinds by subscriber index: 3 of 4 receive a Xen article. */
const FILTERS = [
  { hypervisors: ["xen"] },
  { hypervisors: ["kvm"] },
  { hypervisors: ["xen", "kvm"], minConfidence: 0.5 },
  null,
];

interface Delivery {
  title: string;
  latencyMs: number;
  receivedAt: number;
}

/** A subscriber socket that records each articleAdded it receives. */
function subscriber(url: string, filter: object | null, sink: (delivery: Delivery) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, "graphql-transport-ws");
    socket.once("error", reject);
    socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init" })));
    socket.on("message", (data: Buffer) => {
      const receivedAt = Date.now();
      const message = JSON.parse(data.toString()) as {
        type: string;
        payload?: { data?: { articleAdded?: { announcedAt: string; article: { title: string } } } };
      };
      if (message.type === "connection_ack") {
        socket.send(
          JSON.stringify({ id: "1", type: "subscribe", payload: { query: SUBSCRIPTION, variables: { filter } } }),
        );
        resolve(socket);
      } else if (message.type === "next" && message.payload?.data?.articleAdded) {
        const { announcedAt, article } = message.payload.data.articleAdded;
        sink({ title: article.title, latencyMs: receivedAt - Date.parse(announcedAt), receivedAt });
      } else if (message.type !== "pong") {
        reject(new Error(`unexpected message ${data.toString().slice(0, 200)}`));
      }
    });
  });
}

function rssBody(items: number): string {
  const entries = Array.from({ length: items }, (_, i) => {
    const date = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toUTCString();
    return `<item><title>Xen Project releases Xen 4.${i} hypervisor</title><guid>x-${i}</guid><link>https://bench.example/${i}</link><pubDate>${date}</pubDate></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title><link>https://bench.example/</link><description>b</description>${entries.join("")}</channel></rss>`;
}

const rssMiB = (pid: number) => {
  const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kib) / 1024;
};
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms (n=${sorted.length})`;
};

async function until(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "hng-live-bench-"));
  const db = await startEmbeddedDb({ installation: await ensureEmbeddedDbInstalled(say), dataDir, port: 0 });
  const feeds = await startFeedServer();
  const services: ServiceProcess[] = [];
  const sockets: WebSocket[] = [];
  try {
    const client = await new MongoClient(db.uri, { retryWrites: false }).connect();
    await loadCatalog(client.db("live_bench"), await readCatalog());
    await client.close();
    const env = {
      MONGODB_URI: db.uri,
      MONGODB_DB: "live_bench",
      PORT: "0",
      JOBS_ENABLED: "false",
      DEFAULT_FEEDS_LOAD: "false",
      LOG_LEVEL: "warn",
      API_KEYS: `bench:editor:${hashApiKey(KEY)}`,
      FETCH_ALLOW_LIST: feeds.allowEntry,
      WS_MAX_CONNECTIONS_PER_IP: String(SUBSCRIBERS + 100),
      EVENT_BUS_POLL_MS: POLL_MS,
    };
    const start = async () => {
      const service = spawnService({ ...env, LOG_LEVEL: "info" });
      services.push(service);
      const line = await service.waitForLog((entry) => entry.msg === "http: listening");
      return { service, url: String(line["url"]) };
    };
    const [a, b] = [await start(), await start()];
    const gql = async (query: string, variables: object) => {
      const response = await fetch(`${a.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: { addFeed?: { id: string } }; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    let items = 1;
    feeds.route("/bench.xml", { body: rssBody(items) });
    const feedId = (
      await gql("mutation($u: String!) { addFeed(input: { url: $u }) { id } }", { u: feeds.url("/bench.xml") })
    )?.addFeed?.id;
    const ingestOne = async () => {
      items += 1;
      feeds.route("/bench.xml", { body: rssBody(items) });
      const started = Date.now();
      await gql("mutation($id: ID!) { refreshFeed(id: $id) { outcome itemsNew } }", { id: feedId });
      return { title: `Xen Project releases Xen 4.${items - 1} hypervisor`, started };
    };
    const ws = (url: string) => `${url.replace(/^http/, "ws")}/graphql`;
    say(
      `live bench: ${SUBSCRIBERS} subscribers, ${ROUNDS} + ${E2E_ROUNDS} rounds, bus polling every ${POLL_MS} ms (FerretDB)`,
    );

    // (1) Fan-out on A.
    const deliveries: Delivery[] = [];
    const rssBefore = rssMiB(a.service.child.pid ?? 0);
    for (let i = 0; i < SUBSCRIBERS; i += 50) {
      const batch = Array.from({ length: Math.min(50, SUBSCRIBERS - i) }, (_, j) =>
        subscriber(ws(a.url), FILTERS[(i + j) % FILTERS.length] ?? null, (d) => deliveries.push(d)),
      );
      sockets.push(...(await Promise.all(batch)));
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // let the last subscriptions register
    const rssAfter = rssMiB(a.service.child.pid ?? 0);
    const expected = Array.from({ length: SUBSCRIBERS }, (_, i) => i % FILTERS.length !== 1).filter(Boolean).length;
    const lastDelivery: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { title } = await ingestOne();
      await until(() => deliveries.filter((d) => d.title === title).length >= expected, `round ${round}`);
      lastDelivery.push(Math.max(...deliveries.filter((d) => d.title === title).map((d) => d.latencyMs)));
    }
    const unexpected = deliveries.length - expected * ROUNDS;
    say(
      `fan-out on one instance: ${expected} of ${SUBSCRIBERS} subscribers match each Xen article (kvm-only ones must not get it: ${unexpected} extra)`,
    );
    say(`  write acknowledged -> each delivery: ${stats(deliveries.map((d) => d.latencyMs))}`);
    say(`  write acknowledged -> last delivery of a round: ${stats(lastDelivery)}`);
    say(
      `  instance A RSS: ${rssBefore.toFixed(1)} -> ${rssAfter.toFixed(1)} MiB: ${(((rssAfter - rssBefore) * 1024) / SUBSCRIBERS).toFixed(1)} KiB per subscriber (socket + graphql-ws + bus subscription)`,
    );
    for (const socket of sockets.splice(0)) socket.close();

    // (2) Ingest on A, subscribers on B.
    const remote: Delivery[] = [];
    sockets.push(
      ...(await Promise.all(
        Array.from({ length: 10 }, () => subscriber(ws(b.url), { hypervisors: ["xen"] }, (d) => remote.push(d))),
      )),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const fromMutation: number[] = [];
    for (let round = 0; round < E2E_ROUNDS; round++) {
      // Rounds start right after a delivery, i.e. right after B's poll: a random pause spreads
      // the writes over B's polling cycle, as real ingest is.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Number(POLL_MS)));
      const { title, started } = await ingestOne();
      await until(() => remote.filter((d) => d.title === title).length >= 10, `e2e round ${round}`);
      fromMutation.push(Math.max(...remote.filter((d) => d.title === title).map((d) => d.receivedAt - started)));
    }
    say(`ingest on A -> subscriber on B (10 subscribers, ${E2E_ROUNDS} articles):`);
    say(
      `  write acknowledged on A -> delivery on B: ${stats(remote.map((d) => d.latencyMs))}  (target p99 <= 1000 ms)`,
    );
    say(`  refreshFeed mutation start on A -> last delivery on B: ${stats(fromMutation)}`);
  } finally {
    for (const socket of sockets) socket.close();
    for (const service of services) {
      service.child.kill("SIGTERM");
      await service.exited;
    }
    await feeds.close();
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
