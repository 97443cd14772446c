/**
 * A raw graphql-transport-ws client on `ws`, for the transport tests: it sends exactly what a
 * test says (including what a well-behaved client never would) and records every message and
 * the close code. Waits are bounded by a guard, never by sleeping.
 */
import WebSocket from "ws";

import { guard } from "./live-support.js";

export interface WsMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

export interface TestSocket {
  socket: WebSocket;
  send(message: unknown): void;
  /** The next message not yet taken (in arrival order). */
  next(ms?: number): Promise<WsMessage>;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export interface OpenOptions {
  protocol?: string;
  headers?: Record<string, string>;
  origin?: string;
}

export const wsUrl = (httpUrl: string) => `${httpUrl.replace(/^http/, "ws")}/graphql`;

/** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
export function openSocket(url: string, options: OpenOptions = {}): Promise<TestSocket> {
  const protocol = options.protocol ?? "graphql-transport-ws";
  const socket = new WebSocket(url, protocol === "" ? [] : protocol, {
    headers: options.headers ?? {},
    ...(options.origin ? { origin: options.origin } : {}),
  });
  const queue: WsMessage[] = [];
  const waiters: ((message: WsMessage) => void)[] = [];
  socket.on("message", (data: Buffer) => {
    const message = JSON.parse(data.toString()) as WsMessage;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    socket.once("unexpected-response", (_request, response) => reject(new UpgradeRefused(response.statusCode ?? 0)));
    socket.once("error", reject);
    socket.once("open", () => {
      socket.off("error", reject);
      socket.on("error", () => undefined);
      resolve({
        socket,
        closed,
        send: (message) => socket.send(typeof message === "string" ? message : JSON.stringify(message)),
        async next(ms = 10_000) {
          const queued = queue.shift();
          if (queued) return queued;
          const deadline = guard(ms, () => "no message");
          try {
            return await Promise.race([new Promise<WsMessage>((r) => waiters.push(r)), deadline.promise]);
          } finally {
            deadline.cancel();
          }
        },
        async close() {
          if (socket.readyState === WebSocket.CLOSED) return;
          socket.close();
          await closed;
        },
      });
    });
  });
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

/** Opens, sends connection_init with `params`, and expects connection_ack. */
export async function connect(url: string, params: Record<string, unknown> = {}, options: OpenOptions = {}) {
  const client = await openSocket(url, options);
  client.send({ type: "connection_init", payload: params });
  const ack = await client.next();
  if (ack.type !== "connection_ack") throw new Error(`expected connection_ack, got ${JSON.stringify(ack)}`);
  return client;
}

/** Starts an operation; the caller reads its `next`/`error`/`complete` messages. */
export function subscribe(client: TestSocket, id: string, query: string, variables: Record<string, unknown> = {}) {
  client.send({ id, type: "subscribe", payload: { query, variables } });
}

/** The next message for operation `id` (messages of other operations are an error here). */
export async function nextFor(client: TestSocket, id: string): Promise<WsMessage> {
  const message = await client.next();
  if (message.id !== id) throw new Error(`expected a message for ${id}, got ${JSON.stringify(message)}`);
  return message;
}

export const ARTICLE_ADDED = `subscription Added($filter: ArticleFilter, $after: ID) {
  articleAdded(filter: $filter, afterEventId: $after) { eventId article { id title hypervisors { slug } feeds { id } } }
}`;

/** The article of a `next` message of ARTICLE_ADDED. */
export function addedArticle(message: WsMessage): { eventId: string; article: { id: string; title: string } } {
  const payload = message.payload as { data?: { articleAdded?: unknown }; errors?: unknown };
  if (message.type !== "next" || !payload.data?.articleAdded) {
    throw new Error(`expected articleAdded data, got ${JSON.stringify(message)}`);
  }
  return payload.data.articleAdded as { eventId: string; article: { id: string; title: string } };
}
