import type { IncomingHttpHeaders } from "node:http";

import type { RequestHeaders } from "../auth/authenticate.js";

/**
 * Checks made on a WebSocket upgrade before graphql-ws sees the socket (RELIABILITY.md A9,
 * A10). CORS does not apply to WebSockets: a page on any site may open one to us, with the
 * user's cookies, so the Origin header is the only hint of who asks.
 */

/** The origin of a URL ("https://news.example:8443"), or null when it is not an http(s) URL. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

export interface OriginPolicy {
  /** Origins allowed besides our own (WS_ALLOWED_ORIGINS); "*" allows any. */
  allowed: readonly string[];
  /** Our public origin (PUBLIC_URL): the dashboard's pages come from there. */
  publicOrigin: string | null;
}

/**
 * Allowed: no Origin at all (CLI clients and servers send none; browsers always do), the same
 * host as the request (the dashboard served by this process), our public origin, or a listed one.
 */
export function isOriginAllowed(headers: IncomingHttpHeaders, policy: OriginPolicy): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (policy.allowed.includes("*")) return true;
  const normalized = originOf(origin);
  if (normalized === null) return false;
  const host = headers.host;
  if (host !== undefined && new URL(normalized).host === host.toLowerCase()) return true;
  if (normalized === policy.publicOrigin) return true;
  return policy.allowed.some((entry) => originOf(entry) === normalized);
}

/** Open sockets per client address, to cap them (graphql-ws has no such cap of its own). */
export class ConnectionCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly maxPerAddress: number) {}

  /** Counts a new socket; false when the address already has the maximum (then nothing is counted). */
  acquire(address: string): boolean {
    const count = this.counts.get(address) ?? 0;
    if (count >= this.maxPerAddress) return false;
    this.counts.set(address, count + 1);
    return true;
  }

  release(address: string): void {
    const count = (this.counts.get(address) ?? 1) - 1;
    if (count <= 0) this.counts.delete(address);
    else this.counts.set(address, count);
  }

  get total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }
}

/**
 * graphql-ws `connectionParams` (untrusted JSON) as the request headers `authenticate` reads:
 * `{ "authorization": "Bearer <key>" }` or `{ "x-api-key": "<key>" }`, any letter case. A value
 * that is not a string is passed on as an array, which `authenticate` reports as malformed.
 * Without either, the upgrade request's own headers count (CLI clients can set them).
 */
export function credentialHeaders(params: unknown, upgradeHeaders: IncomingHttpHeaders): RequestHeaders {
  const fromParams: Record<string, string | string[]> = {};
  if (typeof params === "object" && params !== null) {
    for (const [name, value] of Object.entries(params)) {
      const key = name.toLowerCase();
      if (key !== "authorization" && key !== "x-api-key") continue;
      fromParams[key] = typeof value === "string" ? value : [];
    }
  }
  if (Object.keys(fromParams).length > 0) return fromParams;
  return { authorization: upgradeHeaders.authorization, "x-api-key": upgradeHeaders["x-api-key"] };
}
