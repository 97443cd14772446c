/**
 * The GraphQL API under load, against a FerretDB this bench starts:
 *
 *   npx tsx bench/api.bench.ts [--articles 100000] [--amount 6] [--connections 2]
 *
 * Seeds articles through the store's own writer (batches of 50, see test/compat/FERRETDB.md) with
 * links to the catalog, then the API's backfills (search words, timeline counts). Then autocannon,
 * interleaved: our list query `articles(first: 50, filter: {hypervisors: ["xen"]})`, the same query
 * on a plain graphql-js + node:http server reading the same collection, a 10-year MONTH timeline.
 * Prints seeding speed, req/s, p50, p99 and database commands per request.
 */
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import {
  graphql,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
} from "graphql";
import { type Db, MongoClient, ObjectId } from "mongodb";
import { pino } from "pino";

import { createApiKeyVerifier } from "../src/auth/api-keys.js";
import { createCatalogEditor } from "../src/catalog/catalog-editor.js";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { readCatalog } from "../src/catalog/read-catalog.js";
import { ensureEmbeddedDbInstalled } from "../src/embedded-db/install.js";
import { startEmbeddedDb } from "../src/embedded-db/server.js";
import { buildGraphQLSchema } from "../src/graphql/build-schema.js";
import type { FeedAdmin } from "../src/ingest/feed-admin.js";
import { linkSlugs } from "../src/linking/merge-links.js";
import type { ArticleLink } from "../src/model/links.js";
import { createHttpServer } from "../src/server/http-server.js";
import { articlesCollection, type ArticleWrite, writeArticles } from "../src/store/articles.js";
import { ensureIndexes } from "../src/store/indexes.js";
import { rebuildTimelineRollups } from "../src/store/timeline-rollups.js";
import { createReadServices } from "../src/timeline/read-services.js";
import { searchTokensOf } from "../src/timeline/search-tokens.js";

/** autocannon ships no types; the part of its API used here. */
interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (
  options: Record<string, unknown>,
) => Promise<LoadResult>;

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "100000" },
    amount: { type: "string", default: "6" },
    connections: { type: "string", default: "2" },
  },
});
const ARTICLES = Number(values.articles);
const AMOUNT = Number(values.amount);
const CONNECTIONS = Number(values.connections);
const say = (line: string) => process.stdout.write(`${line}\n`);
const HYPERVISORS = ["xen", "kvm", "esx", "hyper-v", "virtualbox", "bhyve", "qemu", "parallels"];
const VENDORS = ["citrix", "vmware", "microsoft", "oracle", "red-hat"];
const START = Date.UTC(2015, 0, 1);
const SPAN = Date.UTC(2025, 0, 1) - START;

const LIST = `query List { articles(first: 50, filter: { hypervisors: ["xen"] }) { edges { cursor node { id title publishedAt } } pageInfo { hasNextPage endCursor } } }`;
const TIMELINE = `query Months { timeline(filter: { from: "2015-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z" }) { buckets(granularity: MONTH) { start articleCount byHypervisor { slug count } byVendor { slug count } events { slug } } } }`;

function link(kind: ArticleLink["kind"], slug: string): ArticleLink {
  return { kind, slug, confidence: 0.9, origin: "AUTO", evidence: [], relation: null, rejected: false };
}

/** Inserts in batches of 1000 (plain inserts: the 100-statement hang is for updates only). */
async function seed(db: Db, count: number): Promise<void> {
  const feedId = new ObjectId();
  for (let start = 0; start < count; start += 1000) {
    const writes: ArticleWrite[] = [];
    for (let i = start; i < Math.min(count, start + 1000); i += 1) {
      const publishedAt = new Date(START + Math.floor((i / count) * SPAN));
      const links = [
        link("HYPERVISOR", HYPERVISORS[i % 8]!),
        link("HYPERVISOR", HYPERVISORS[(i * 3 + 1) % 8]!),
        link("VENDOR", VENDORS[i % 5]!),
      ];
      const title = `Story ${i}: ${HYPERVISORS[i % 8]} release notes and benchmarks`;
      writes.push({
        kind: "insert",
        id: new ObjectId(),
        dedupeKey: `url:https://bench.example/${i}`,
        source: { feedId, itemKey: `i${i}` },
        firstSeenAt: publishedAt,
        content: {
          title,
          url: `https://bench.example/${i}`,
          canonicalUrl: `https://bench.example/${i}`,
          summary: "A hypervisor news item used by the API benchmark. ".repeat(6),
          contentHtml: `<p>${"Paragraph about virtualization, guests, and hosts. ".repeat(12)}</p>`,
          publishedAt,
          updatedAt: null,
          dateClamped: false,
          changedAt: publishedAt,
          authors: ["Bench"],
          categories: ["virtualization"],
          enclosures: [],
          contentHash: `h${i}`,
          links,
          ...linkSlugs(links),
          linkedCatalogVersion: "bench",
          // Computed at insert, as ingest will (an update per article costs a table scan on FerretDB).
          ...{
            searchTokens: searchTokensOf({ title, summary: "", categories: ["virtualization"], authors: ["Bench"] }),
          },
        },
      });
    }
    await writeArticles(db, writes);
  }
}

/** The baseline: graphql-js over node:http, one resolver reading the same page with the driver. */
function baselineSchema(db: Db): GraphQLSchema {
  const Node = new GraphQLObjectType({
    name: "Node",
    fields: { id: { type: GraphQLString }, title: { type: GraphQLString }, publishedAt: { type: GraphQLString } },
  });
  const Edge = new GraphQLObjectType({
    name: "Edge",
    fields: { cursor: { type: GraphQLString }, node: { type: Node } },
  });
  const PageInfo = new GraphQLObjectType({
    name: "PageInfo",
    fields: { hasNextPage: { type: GraphQLString }, endCursor: { type: GraphQLString } },
  });
  const Conn = new GraphQLObjectType({
    name: "Conn",
    fields: { edges: { type: new GraphQLList(Edge) }, pageInfo: { type: PageInfo } },
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: "Query",
      fields: {
        articles: {
          type: Conn,
          args: { first: { type: GraphQLInt }, filter: { type: new GraphQLNonNull(GraphQLString) } },
          resolve: async (_root, args: { first: number }) => {
            const docs = await articlesCollection(db)
              .find(
                { hypervisors: { $in: ["xen"] } },
                { sort: { publishedAt: -1, _id: -1 }, limit: args.first + 1, batchSize: args.first + 1 },
              )
              .toArray();
            const edges = docs.slice(0, args.first).map((doc) => ({
              cursor: doc._id.toHexString(),
              node: { id: doc._id.toHexString(), title: doc.title, publishedAt: doc.publishedAt.toISOString() },
            }));
            return {
              edges,
              pageInfo: { hasNextPage: docs.length > args.first, endCursor: edges.at(-1)?.cursor ?? null },
            };
          },
        },
      },
    }),
  });
}

async function startBaseline(db: Db): Promise<{ url: string; close(): void }> {
  const schema = baselineSchema(db);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { query: string };
      // The same document as ours, with the filter literal taken as a string argument.
      const source = body.query.replace('filter: { hypervisors: ["xen"] }', 'filter: "xen"');
      void graphql({ schema, source }).then((result) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(result));
      });
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function load(url: string, query: string): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const result = await autocannon({
    url: `${url}/graphql`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
    connections: CONNECTIONS,
    amount: AMOUNT,
    timeout: 600,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "hng-api-bench-"));
  const server = await startEmbeddedDb({ installation: await ensureEmbeddedDbInstalled(say), dataDir, port: 0 });
  const client = new MongoClient(server.uri, { retryWrites: false, monitorCommands: true });
  let commands = 0;
  client.on("commandStarted", () => (commands += 1));
  try {
    await client.connect();
    const db = client.db("api_bench");
    await ensureIndexes(db);
    await loadCatalog(db, await readCatalog());
    let started = performance.now();
    await seed(db, ARTICLES);
    const seedSeconds = (performance.now() - started) / 1000;
    say(
      `seeded ${ARTICLES} articles in ${seedSeconds.toFixed(1)} s (${Math.round(ARTICLES / seedSeconds)}/s; 1M would take ~${Math.round((1_000_000 / ARTICLES) * seedSeconds)} s)`,
    );
    started = performance.now();
    const rollups = await rebuildTimelineRollups(db, new Date());
    say(`timeline counts rebuilt (${rollups.months} months) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const schema = await buildGraphQLSchema({
      health: { check: () => Promise.reject(new Error("unused")) },
      ...createReadServices(db),
      catalogEditor: createCatalogEditor(db),
      feedAdmin: {} as FeedAdmin,
    });
    const http = await createHttpServer({
      schema,
      logger: pino({ level: "silent" }),
      production: true,
      introspection: false,
      auth: { verify: createApiKeyVerifier([]), requireKey: false },
      playground: false,
      version: "bench",
      pingDatabase: () => Promise.resolve({ ok: true, latencyMs: 0 }),
    });
    const address = await http.listen(0, "127.0.0.1");
    const ours = `http://127.0.0.1:${address.port}`;
    const baseline = await startBaseline(db);
    const measure = async (name: string, url: string, query: string) => {
      const before = commands;
      const figures = await load(url, query);
      const perRequest = (commands - before) / AMOUNT;
      say(
        `${name.padEnd(26)} req/s ${figures.rps.toFixed(2).padStart(8)}  p50 ${String(figures.p50).padStart(6)} ms  p99 ${String(figures.p99).padStart(6)} ms  commands/request ${perRequest.toFixed(1)}  errors ${figures.errors}`,
      );
      return figures;
    };
    const rounds: { ours: number; baseline: number }[] = [];
    for (let round = 1; round <= 2; round += 1) {
      const a = await measure(`list (ours) #${round}`, ours, LIST);
      const b = await measure(`list (baseline) #${round}`, baseline.url, LIST);
      rounds.push({ ours: a.rps, baseline: b.rps });
    }
    const ratio = rounds.reduce((sum, r) => sum + r.ours, 0) / rounds.reduce((sum, r) => sum + r.baseline, 0);
    say(`list: ours at ${(ratio * 100).toFixed(0)} % of the baseline's req/s`);
    await measure("timeline 10y MONTH", ours, TIMELINE);
    baseline.close();
    await http.close();
  } finally {
    await client.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
