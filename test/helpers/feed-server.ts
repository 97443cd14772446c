/**
 * A loopback HTTP server for feed tests and benches (RELIABILITY.md ground rules: loopback only).
 * Each route serves a body or a misbehaviour: validators and 304, statuses, Retry-After, redirects,
 * content codings, gzip bombs and huge bodies (streamed, never built in memory), silence,
 * trickling, a lying Content-Length, latency. It counts accepted connections, requests per path,
 * and the most requests in flight at once. `close()` destroys every socket.
 *
 *   const server = await startFeedServer({ routes: { "/feed.xml": { body: rss, etag: '"v1"' } } });
 *   const fetcher = createFetcher({ allowList: [server.allowEntry] }); // admits this port only
 *   await fetcher.fetch({ url: server.url("/feed.xml") }); server.requests("/feed.xml"); // 1
 *   await server.close();
 */
import { readFileSync } from "node:fs";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Readable, type Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { brotliCompressSync, constants, createGzip, deflateSync, gzipSync } from "node:zlib";

export type Coding = "gzip" | "deflate" | "br";

/** What one path answers. Everything is optional: `{}` is a 200 with an empty RSS body. */
export interface FeedRoute {
  /** Status code; default 200, or 302 with `redirectTo`. */
  status?: number;
  body?: string | Buffer;
  /** A file under test/fixtures/ served as the body (read once, when the route is set). */
  fixture?: string;
  /** Default "application/rss+xml; charset=utf-8". */
  contentType?: string;
  headers?: Record<string, string>;
  /** Sent as ETag; a request whose If-None-Match matches gets 304 (RFC 9110 §13.1.2). */
  etag?: string;
  /** Sent as Last-Modified; If-Modified-Since at or after it gets 304 (RFC 9110 §13.1.3). */
  lastModified?: string;
  retryAfter?: string;
  /** Location to send: a path on this server, or any absolute URL (another port, file:, ...). */
  redirectTo?: string;
  /** Encode the body with these codings, in order, and list them in Content-Encoding. */
  encoding?: readonly Coding[];
  /** Send this Content-Encoding header instead of the real one (to lie about stacking). */
  contentEncodingHeader?: string;
  /** Stream zeros compressed on the fly: `decodedBytes` after decoding, gzip applied `layers` times. */
  gzipBomb?: { decodedBytes: number; layers?: 1 | 2 };
  /** Stream this many filler bytes (identity), generated chunk by chunk. */
  hugeBodyBytes?: number;
  /** Accept the request and never answer. */
  neverAnswer?: boolean;
  /** Send headers, then one byte every `everyMs` (at most `bytes`, default 1000). */
  trickle?: { everyMs: number; bytes?: number };
  /** Declare this Content-Length whatever the body really is. */
  contentLength?: number;
  /** Wait this long before answering. */
  latencyMs?: number;
}

export interface FeedServer {
  readonly host: string;
  readonly port: number;
  /** "http://127.0.0.1:<port>" */
  readonly origin: string;
  /** `${origin}${path}` */
  url(path: string): string;
  /** "127.0.0.1:<port>": the fetcher allow-list entry that admits this server and nothing else. */
  readonly allowEntry: string;
  route(path: string, route: FeedRoute): void;
  /** Requests received for a path (query string ignored). */
  requests(path: string): number;
  /** Resolves once `count` requests for a path have arrived (counted since the last reset). */
  waitForRequests(path: string, count: number): Promise<void>;
  /** Headers of the last request for a path. */
  lastRequestHeaders(path: string): IncomingHttpHeaders | undefined;
  /** TCP connections accepted, whatever their path. */
  readonly connections: number;
  /** The most requests this server had in flight at once (one server = one host). */
  readonly maxInFlight: number;
  resetCounters(): void;
  /** Resolves once no connection is open. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface FeedServerOptions {
  routes?: Record<string, FeedRoute>;
  /** A loopback address; default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x20);

interface ServerState {
  routes: Map<string, PreparedRoute>;
  counts: Map<string, number>;
  lastHeaders: Map<string, IncomingHttpHeaders>;
  sockets: Set<Socket>;
  idleWaiters: (() => void)[];
  requestWaiters: Set<{ path: string; count: number; resolve: () => void }>;
  stats: { connections: number; inFlight: number; maxInFlight: number };
}

export async function startFeedServer(options: FeedServerOptions = {}): Promise<FeedServer> {
  const state: ServerState = {
    routes: new Map(),
    counts: new Map(),
    lastHeaders: new Map(),
    sockets: new Set(),
    idleWaiters: [],
    requestWaiters: new Set(),
    stats: { connections: 0, inFlight: 0, maxInFlight: 0 },
  };
  const server = createServer((request, response) => handle(state, request, response));
  server.on("connection", (socket: Socket) => trackConnection(state, socket));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  Object.entries(options.routes ?? {}).forEach(([path, route]) => state.routes.set(path, prepareRoute(route)));
  return facade(state, server, host, (server.address() as AddressInfo).port);
}

function handle(state: ServerState, request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? "/", "http://x").pathname;
  const count = (state.counts.get(path) ?? 0) + 1;
  state.counts.set(path, count);
  state.lastHeaders.set(path, request.headers);
  for (const waiter of state.requestWaiters) {
    if (waiter.path === path && count >= waiter.count) {
      state.requestWaiters.delete(waiter);
      waiter.resolve();
    }
  }
  const { stats } = state;
  stats.inFlight += 1;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
  response.once("close", () => (stats.inFlight -= 1));
  const route = state.routes.get(path);
  if (!route) return void response.writeHead(404).end("not found");
  const delay = setTimeout(() => answer(route, request, response), route.latencyMs ?? 0);
  response.once("close", () => clearTimeout(delay));
}

function trackConnection(state: ServerState, socket: Socket): void {
  state.stats.connections += 1;
  state.sockets.add(socket);
  socket.once("close", () => {
    state.sockets.delete(socket);
    if (state.sockets.size === 0) state.idleWaiters.splice(0).forEach((resolve) => resolve());
  });
}

function facade(state: ServerState, server: Server, host: string, port: number): FeedServer {
  const hostPart = host.includes(":") ? `[${host}]` : host;
  const origin = `http://${hostPart}:${port}`;
  return {
    host,
    port,
    origin,
    url: (path) => `${origin}${path}`,
    allowEntry: `${hostPart}:${port}`,
    route: (path, route) => void state.routes.set(path, prepareRoute(route)),
    requests: (path) => state.counts.get(path) ?? 0,
    waitForRequests: (path, count) =>
      new Promise<void>((resolve) => {
        if ((state.counts.get(path) ?? 0) >= count) resolve();
        else state.requestWaiters.add({ path, count, resolve });
      }),
    lastRequestHeaders: (path) => state.lastHeaders.get(path),
    get connections() {
      return state.stats.connections;
    },
    get maxInFlight() {
      return state.stats.maxInFlight;
    },
    resetCounters() {
      state.counts.clear();
      Object.assign(state.stats, { connections: 0, maxInFlight: state.stats.inFlight });
    },
    idle: () =>
      new Promise<void>((resolve) => (state.sockets.size === 0 ? resolve() : state.idleWaiters.push(resolve))),
    async close() {
      state.sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface PreparedRoute extends FeedRoute {
  payload: Buffer;
}

function prepareRoute(route: FeedRoute): PreparedRoute {
  const raw = route.fixture
    ? readFileSync(new URL(`../fixtures/${route.fixture}`, import.meta.url))
    : typeof route.body === "string"
      ? Buffer.from(route.body)
      : (route.body ?? Buffer.alloc(0));
  const payload = (route.encoding ?? []).reduce<Buffer>((body, coding) => encode(coding, body), raw);
  return { ...route, payload };
}

function encode(coding: Coding, body: Buffer): Buffer {
  if (coding === "gzip") return gzipSync(body);
  if (coding === "deflate") return deflateSync(body);
  return brotliCompressSync(body);
}

function answer(route: PreparedRoute, request: IncomingMessage, response: ServerResponse): void {
  if (route.neverAnswer) return;
  const headers = baseHeaders(route);
  if (isNotModified(route, request.headers)) return void response.writeHead(304, headers).end();
  if (route.redirectTo !== undefined) {
    return void response.writeHead(route.status ?? 302, { ...headers, location: route.redirectTo }).end();
  }
  if (route.gzipBomb) return streamBomb(route.gzipBomb, headers, response);
  if (route.hugeBodyBytes !== undefined) return streamFiller(route.hugeBodyBytes, headers, response);
  if (route.trickle) return trickle(route.trickle, headers, response);
  response.writeHead(route.status ?? 200, { "content-length": String(route.payload.length), ...headers });
  response.end(route.payload);
}

function baseHeaders(route: PreparedRoute): Record<string, string> {
  const headers: Record<string, string> = { "content-type": route.contentType ?? "application/rss+xml; charset=utf-8" };
  if (route.etag !== undefined) headers["etag"] = route.etag;
  if (route.lastModified !== undefined) headers["last-modified"] = route.lastModified;
  if (route.retryAfter !== undefined) headers["retry-after"] = route.retryAfter;
  const codings = route.contentEncodingHeader ?? (route.encoding ?? []).join(", ");
  if (codings !== "") headers["content-encoding"] = codings;
  if (route.contentLength !== undefined) headers["content-length"] = String(route.contentLength);
  return { ...headers, ...route.headers };
}

function isNotModified(route: FeedRoute, request: IncomingHttpHeaders): boolean {
  const ifNoneMatch = request["if-none-match"];
  if (route.etag !== undefined && ifNoneMatch !== undefined) {
    // Weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored.
    const tags = ifNoneMatch.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
    return tags.includes("*") || tags.includes(route.etag.replace(/^W\//, ""));
  }
  const since = Date.parse(request["if-modified-since"] ?? "");
  return route.lastModified !== undefined && !Number.isNaN(since) && since >= Date.parse(route.lastModified);
}

/** Zeros compressed while they are sent: the client's backpressure limits how much is ever made. */
function streamBomb(
  bomb: { decodedBytes: number; layers?: 1 | 2 },
  headers: Record<string, string>,
  response: ServerResponse,
) {
  // Outer layers flush every write: deflate would otherwise hold the tiny inner output for gigabytes.
  const layers: Transform[] = Array.from({ length: bomb.layers ?? 1 }, (_, i) =>
    createGzip({ level: 9, flush: i === 0 ? constants.Z_NO_FLUSH : constants.Z_SYNC_FLUSH }),
  );
  response.writeHead(200, { ...headers, "content-encoding": layers.map(() => "gzip").join(", ") });
  const zeros = Readable.from(chunks(bomb.decodedBytes, Buffer.alloc(CHUNK.length)));
  pipeline([zeros, ...layers, response]).catch(() => undefined);
}

function streamFiller(total: number, headers: Record<string, string>, response: ServerResponse) {
  response.writeHead(200, headers);
  pipeline(Readable.from(chunks(total, CHUNK)), response).catch(() => undefined);
}

function* chunks(total: number, chunk: Buffer): Generator<Buffer> {
  for (let sent = 0; sent < total; sent += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, total - sent));
}

function trickle(spec: { everyMs: number; bytes?: number }, headers: Record<string, string>, response: ServerResponse) {
  response.writeHead(200, headers);
  response.flushHeaders();
  let left = spec.bytes ?? 1000;
  const timer = setInterval(() => {
    left -= 1;
    if (left > 0) return void response.write("<");
    clearInterval(timer);
    response.end("<");
  }, spec.everyMs);
  response.once("close", () => clearInterval(timer));
}
