import { createHash } from "node:crypto";

/**
 * Validators for published documents (RFC 9110 §8.8, §13.1). The ETag is a hash of the bytes,
 * so every instance gives the same ETag for the same content; Last-Modified is the newest
 * change the document reports, in whole seconds as HTTP dates have them.
 */
export function etagOf(body: string): string {
  return `"${createHash("sha256").update(body, "utf8").digest("base64url").slice(0, 32)}"`;
}

/** The request headers a conditional GET reads (node:http names, lower case). */
export interface ConditionalHeaders {
  "if-none-match"?: string | undefined;
  "if-modified-since"?: string | undefined;
}

/**
 * True when the client's copy is current and a 304 is due. If-None-Match, when present, decides
 * alone (weak comparison, RFC 9110 §13.1.2); If-Modified-Since counts only without it (§13.1.3)
 * and only for a valid date.
 */
export function isNotModified(headers: ConditionalHeaders, etag: string, lastModified: Date | null): boolean {
  const ifNoneMatch = headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
    return ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((tag) => opaque(tag) === opaque(etag));
  }
  const ifModifiedSince = headers["if-modified-since"];
  if (ifModifiedSince === undefined || lastModified === null) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}
