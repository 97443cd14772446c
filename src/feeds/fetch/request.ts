import http, { type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import https from "node:https";
import type { Socket } from "node:net";

import type { AddressGuard } from "./address-guard.js";
import { FetchFailure, toFetchFailure } from "./fetch-failure.js";

/** One HTTP GET to one URL (one hop of a redirect chain). */
export interface HopRequest {
  url: URL;
  headers: OutgoingHttpHeaders;
  /** Aborts the hop; its reason is the FetchFailure to report (deadline or caller). */
  signal: AbortSignal;
  connectTimeoutMs: number;
  guard: AddressGuard;
}

/** A hop whose response headers arrived. The body is still unread. */
export interface OpenHop {
  response: IncomingMessage;
  /** An error the connection hit after the headers (e.g. bytes beyond Content-Length), if any. */
  lateFailure(): FetchFailure | null;
  /** Destroys the socket and resolves once it is closed, so no TCP handle outlives the fetch (B6). */
  close(): Promise<void>;
}

/**
 * Sends the GET and resolves when the response headers arrive. Each hop gets its own socket
 * (`agent: false`, `Connection: close`): nothing is pooled or kept alive after the fetch (B6).
 * Rejects with a FetchFailure; the socket is closed before the promise settles on failure.
 */
export async function openHop(hop: HopRequest): Promise<OpenHop> {
  hop.guard.checkLiteral(hop.url);
  const transport = hop.url.protocol === "https:" ? https : http;
  const request = transport.request(hop.url, {
    method: "GET",
    headers: hop.headers,
    agent: false,
    lookup: hop.guard.lookupFor(hop.url),
  });
  const socketClosed = watchSocket(request, hop);
  let failure: FetchFailure | null = null;
  const fail = (error: unknown) => {
    failure ??= hop.signal.aborted ? reasonOf(hop.signal, hop.url) : toFetchFailure(error, hop.url.href);
    request.destroy(failure);
  };
  const close = async () => {
    request.destroy();
    await socketClosed;
  };
  const onAbort = () => fail(hop.signal.reason);
  hop.signal.addEventListener("abort", onAbort, { once: true });
  void socketClosed.then(() => hop.signal.removeEventListener("abort", onAbort));
  if (hop.signal.aborted) onAbort();

  try {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      request.once("response", resolve);
      request.on("error", (error) => {
        fail(error);
        reject(failure ?? error);
      });
      request.end();
    });
    return { response, lateFailure: () => failure, close };
  } catch (error) {
    await close();
    throw failure ?? toFetchFailure(error, hop.url.href);
  }
}

/**
 * Tracks the socket: a connect timeout (covering the DNS lookup and the TCP handshake), the
 * address check on the connected peer, and a promise that settles when the socket has closed.
 */
function watchSocket(request: http.ClientRequest, hop: HopRequest): Promise<void> {
  const connectTimer = setTimeout(() => {
    request.destroy(
      new FetchFailure("CONNECT_TIMEOUT", hop.url.href, `no connection within ${hop.connectTimeoutMs} ms`),
    );
  }, hop.connectTimeoutMs);
  return new Promise<void>((resolve) => {
    request.once("close", () => {
      clearTimeout(connectTimer);
      const socket = request.socket;
      if (!socket || socket.closed) resolve();
      else socket.once("close", () => resolve());
    });
    request.once("socket", (socket: Socket) => {
      socket.once("close", () => resolve());
      socket.once("connect", () => {
        clearTimeout(connectTimer);
        const refused = hop.guard.checkConnected(hop.url, socket);
        if (refused) request.destroy(refused);
      });
    });
  });
}

function reasonOf(signal: AbortSignal, url: URL): FetchFailure {
  const reason: unknown = signal.reason;
  return reason instanceof FetchFailure
    ? reason
    : new FetchFailure("NETWORK", url.href, "request aborted by the caller");
}
