/**
 * An in-process TCP proxy between a client (the MongoDB driver) and a server, for fault tests
 * (RELIABILITY.md D7): it forwards bytes both ways until told to misbehave.
 *
 *   const proxy = await startTcpProxy(testServerUri());   // listens on 127.0.0.1:<free port>
 *   const client = new MongoClient(proxy.uri, { serverSelectionTimeoutMS: 2_000 });
 *   proxy.cut();          // destroys every live connection (both sides); new ones are accepted
 *   proxy.pause();        // stops forwarding (bytes are held in the proxy); resume() goes on
 *   proxy.cutHolding();   // destroys only the connections with held bytes (a request or answer)
 *   await proxy.stall(5_000);  // pause, wait, resume
 *   proxy.down();         // hold everything, reset every new connection, close the live ones
 *   await proxy.close();
 *
 * Pausing holds new connections too: they are accepted and connected upstream, but carry
 * nothing until resume(). Held bytes are read (so a side that gives up is seen at once) and
 * kept; a connection that closes while paused loses them, as if the stalled link had reset, so
 * a request the driver abandoned during a stall never reaches the server later.
 * pause("toClient") forwards requests and holds the answers, which makes "the server applied the
 * write, the acknowledgement was lost" deterministic.
 *
 * Why cutHolding() and a staggered down(): the mongodb driver (7.9.0) can hang forever on a
 * command written to a socket that is already destroyed but whose 'close' has not been emitted
 * yet (`socket.write` returns false and the driver waits for a 'drain' that never comes). When
 * every connection dies in the same instant, an operation's error makes the driver re-check the
 * server at once, on a monitor connection in exactly that state: the monitor then never checks
 * again, and the client never selects the server again (see the D7 test file). cutHolding()
 * leaves the idle connections (the monitor's) alone; down() closes connections oldest first
 * (the monitor's is the oldest), a few milliseconds apart, so each close is seen before the next.
 */
import { once } from "node:events";
import { type AddressInfo, connect, createServer, type Server, type Socket } from "node:net";

export type ProxyDirection = "both" | "toServer" | "toClient";

export interface TcpProxy {
  readonly host: string;
  readonly port: number;
  /** The target URI with its host:port replaced by the proxy's (path and options kept). */
  readonly uri: string;
  /** Connections currently open through the proxy. */
  readonly liveConnections: number;
  /** Connections accepted and forwarded since start (refused ones while down not counted). */
  readonly acceptedConnections: number;
  /** Bytes forwarded client → server and server → client since start (held ones not yet). */
  readonly bytes: { readonly toServer: number; readonly toClient: number };
  /** Destroys every live connection, both sides, at once. Paused bytes are dropped. */
  cut(): void;
  /** Connections with bytes held by a pause (a request or an answer waiting). */
  readonly holdingConnections: number;
  /** Destroys only the connections with held bytes; the others go on. */
  cutHolding(): void;
  /** Stops forwarding in one or both directions, on live and new connections. */
  pause(direction?: ProxyDirection): void;
  /** Forwards again in both directions. */
  resume(): void;
  /** pause(), then resume() after `ms`. */
  stall(ms: number): Promise<void>;
  /**
   * The server goes away: from now on every new connection is reset as soon as it is accepted,
   * nothing more is forwarded (held bytes are dropped), and the live connections are closed,
   * oldest first, a few milliseconds apart. Resolves once all are closed.
   */
  down(): Promise<void>;
  /** Accepts and forwards new connections again (and resumes). */
  up(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  server: Socket;
  /** Bytes read while their direction was paused, forwarded on resume (dropped if the pair ends). */
  held: { toServer: Buffer[]; toClient: Buffer[] };
}

/** Starts a proxy on 127.0.0.1 (free port) to the host:port of `targetUri` (mongodb://host:port/...). */
export async function startTcpProxy(targetUri: string): Promise<TcpProxy> {
  const target = parseTarget(targetUri);
  const pairs = new Set<Pair>();
  const state = { down: false, toServer: true, toClient: true, accepted: 0, bytesToServer: 0, bytesToClient: 0 };

  const flush = (pair: Pair) => {
    if (state.toServer) pair.held.toServer.splice(0).forEach((chunk) => forward(pair, "toServer", chunk));
    if (state.toClient) pair.held.toClient.splice(0).forEach((chunk) => forward(pair, "toClient", chunk));
  };
  const forward = (pair: Pair, direction: "toServer" | "toClient", chunk: Buffer) => {
    if (!state[direction]) return void pair.held[direction].push(chunk);
    if (direction === "toServer") {
      state.bytesToServer += chunk.length;
      pair.server.write(chunk);
    } else {
      state.bytesToClient += chunk.length;
      pair.client.write(chunk);
    }
  };
  const end = (pair: Pair) => {
    pairs.delete(pair);
    pair.held.toServer.length = 0;
    pair.held.toClient.length = 0;
    pair.client.destroy();
    pair.server.destroy();
  };

  const server: Server = createServer((client) => {
    if (state.down) return void client.resetAndDestroy();
    state.accepted += 1;
    const upstream = connect({ host: target.host, port: target.port });
    const pair: Pair = { client, server: upstream, held: { toServer: [], toClient: [] } };
    pairs.add(pair);
    // Bytes are always read (so a close is seen at once, paused or not), and held while paused.
    client.on("data", (chunk: Buffer) => forward(pair, "toServer", chunk));
    upstream.on("data", (chunk: Buffer) => forward(pair, "toClient", chunk));
    // Either side closing or failing ends both: no half-open pairs, held bytes dropped.
    for (const socket of [client, upstream]) {
      socket.on("error", () => end(pair));
      socket.on("close", () => end(pair));
      socket.on("end", () => end(pair));
    }
  });

  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;

  const cut = () => [...pairs].forEach(end);
  const holding = () => [...pairs].filter((pair) => pair.held.toServer.length + pair.held.toClient.length > 0);
  const setFlow = (toServer: boolean, toClient: boolean) => {
    state.toServer = toServer;
    state.toClient = toClient;
    pairs.forEach(flush);
  };

  return {
    host: "127.0.0.1",
    port,
    uri: targetUri.replace(target.hostPort, `127.0.0.1:${port}`),
    get liveConnections() {
      return pairs.size;
    },
    get acceptedConnections() {
      return state.accepted;
    },
    get bytes() {
      return { toServer: state.bytesToServer, toClient: state.bytesToClient };
    },
    cut,
    get holdingConnections() {
      return holding().length;
    },
    cutHolding: () => holding().forEach(end),
    pause(direction = "both") {
      setFlow(direction === "toClient", direction === "toServer");
    },
    resume: () => setFlow(true, true),
    async stall(ms) {
      setFlow(false, false);
      await new Promise((resolve) => setTimeout(resolve, ms));
      setFlow(true, true);
    },
    async down() {
      state.down = true;
      setFlow(false, false);
      for (const pair of [...pairs]) {
        end(pair);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    up() {
      state.down = false;
      setFlow(true, true);
    },
    async close() {
      state.down = true;
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseTarget(uri: string): { host: string; port: number; hostPort: string } {
  const match = /^mongodb:\/\/(?:[^@/]*@)?([^/?,]+)/.exec(uri);
  const hostPort = match?.[1];
  if (!hostPort) throw new Error(`tcp-proxy: expected a mongodb://host:port URI with one host, got ${uri}`);
  const url = new URL(`tcp://${hostPort}`);
  return { host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || 27017), hostPort };
}
