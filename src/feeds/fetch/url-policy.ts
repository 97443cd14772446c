import { isIP } from "node:net";

import { FetchFailure } from "./fetch-failure.js";

/** The only schemes a feed may use (RFC 9110 §4.2). file:, gopher:, ftp:, data: ... are refused. */
const FETCHABLE_SCHEMES = new Set(["http:", "https:"]);

/**
 * Parses a feed URL with the WHATWG URL parser. Its host parser normalises the odd IPv4 spellings
 * ("2130706433", "0x7f.1", "127.1", "0177.0.0.1" all become "127.0.0.1") and IPv6 literals, so the
 * address guard only ever sees canonical addresses. Throws INVALID_URL for anything else.
 */
export function parseFeedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new FetchFailure("INVALID_URL", raw, "not a valid absolute URL");
  }
  if (!FETCHABLE_SCHEMES.has(url.protocol)) {
    throw new FetchFailure("INVALID_URL", raw, `scheme "${url.protocol}" is not http or https`);
  }
  if (url.hostname === "") {
    throw new FetchFailure("INVALID_URL", raw, "no host");
  }
  return url;
}

/** The host to resolve or connect to, without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/** The IP address when the URL names one directly (no DNS lookup happens for those), else null. */
export function literalAddressOf(url: URL): string | null {
  const host = hostOf(url);
  return isIP(host) === 0 ? null : host;
}

/** The TCP port the request goes to: explicit, or the scheme's default (RFC 9110 §4.2.1, §4.2.2). */
export function portOf(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/** The key for per-host limits: host and port, so two servers on one machine count separately. */
export function hostKeyOf(url: URL): string {
  return `${url.hostname}:${portOf(url)}`;
}
