import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";

import type { FetchHeaders, FetchRequest } from "./fetch-result.js";

/** What we ask for: feed formats first, anything else last (RFC 9110 §12.5.1). */
const ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

/** A header value Node would refuse (CR, LF, NUL...): a stored validator must never inject headers. */
const INVALID_HEADER_CHARS = /[^\t\x20-\x7e\x80-\xff]/;

function validatorOrNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === "" || INVALID_HEADER_CHARS.test(trimmed) ? null : trimmed;
}

/**
 * Request headers for one feed. The validators from the last successful fetch make the GET
 * conditional (RFC 9110 §13.1.2 If-None-Match, §13.1.3 If-Modified-Since); the server then
 * answers 304 when nothing changed. `Connection: close`: no socket stays open afterwards (B6).
 */
export function buildRequestHeaders(request: FetchRequest, userAgent: string): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    "user-agent": userAgent,
    accept: ACCEPT,
    "accept-encoding": "gzip, deflate, br",
    connection: "close",
  };
  const etag = validatorOrNull(request.etag);
  const lastModified = validatorOrNull(request.lastModified);
  if (etag !== null) headers["if-none-match"] = etag;
  if (lastModified !== null) headers["if-modified-since"] = lastModified;
  return headers;
}

/** The response headers ingestion needs: validators and polling hints (RFC 9111 §5.2, §5.3). */
export function toFetchHeaders(headers: IncomingHttpHeaders): FetchHeaders {
  const read = (name: string): string | null => {
    const value = headers[name];
    return typeof value === "string" ? value : null;
  };
  return {
    contentType: read("content-type"),
    etag: read("etag"),
    lastModified: read("last-modified"),
    cacheControl: read("cache-control"),
    expires: read("expires"),
    retryAfter: read("retry-after"),
  };
}
