/**
 * The contract between the fetcher and its callers. The fetcher does HTTP only: no parsing.
 */

/** What the caller knows from the previous successful fetch (for a conditional GET). */
export interface FetchRequest {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
}

/** Why a fetch failed. Stable codes: stored on the feed and shown in the API. */
export type FetchErrorCode =
  | "INVALID_URL" // not parseable, or not http(s)
  | "BLOCKED_ADDRESS" // SSRF guard: private, loopback, link-local, ... (after DNS, on every hop)
  | "DNS_FAILED"
  | "CONNECT_TIMEOUT"
  | "TIMEOUT" // the overall deadline passed
  | "NETWORK" // reset, refused, TLS, ...
  | "TOO_MANY_REDIRECTS"
  | "REDIRECT_NOT_ALLOWED" // e.g. https -> http, or to a non-http(s) scheme
  | "TOO_LARGE" // decoded body over the cap
  | "BAD_ENCODING" // a Content-Encoding that cannot be decoded
  | "RATE_LIMITED" // 429, or 503 with Retry-After
  | "HTTP_STATUS"; // any other non-2xx status

/** Response headers the rest of ingestion uses (validators and polling hints). */
export interface FetchHeaders {
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  cacheControl: string | null;
  expires: string | null;
  retryAfter: string | null;
}

interface FetchMeta {
  /** The URL that answered, after redirects. */
  finalUrl: string;
  /**
   * Each hop's URL, in order; empty when there was no redirect. (Fetcher: the redirect targets
   * followed, so the last one equals finalUrl; the requested URL is not repeated here.)
   */
  redirects: string[];
  /** True when a 301/308 moved the feed for good (the caller may update the stored URL). */
  permanentRedirect: boolean;
  durationMs: number;
}

export type FetchResult =
  | (FetchMeta & { kind: "ok"; status: number; headers: FetchHeaders; body: Buffer; bytes: number })
  | (FetchMeta & { kind: "not-modified"; status: 304; headers: FetchHeaders })
  | (FetchMeta & {
      kind: "error";
      code: FetchErrorCode;
      /** Says which URL and why, e.g. "http://x/feed: body exceeds 15728640 bytes". */
      message: string;
      status: number | null;
      headers: FetchHeaders | null;
      /** When the server asked us to wait (Retry-After), the earliest time to try again. */
      retryAt: Date | null;
    });

/** Fetches one feed URL; implemented by createFetcher() in fetcher.ts. Never throws: errors are results. */
export interface Fetcher {
  fetch(request: FetchRequest, signal?: AbortSignal): Promise<FetchResult>;
}
