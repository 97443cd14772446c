import { type AddressGuard, createAddressGuard } from "./address-guard.js";
import { parseContentCodings, readBody } from "./body-reader.js";
import { createDeadline, type Deadline } from "./deadline.js";
import { FetchFailure, toFetchFailure } from "./fetch-failure.js";
import type { Fetcher, FetchHeaders, FetchRequest, FetchResult } from "./fetch-result.js";
import { type FetcherOptions, type FetcherSettings, resolveFetcherOptions } from "./fetcher-options.js";
import { buildRequestHeaders, toFetchHeaders } from "./headers.js";
import { createHostLimiter, type HostConcurrency, type HostLimiter } from "./host-limiter.js";
import { isPermanentRedirect, isRedirect, nextRedirectUrl } from "./redirects.js";
import { type OpenHop, openHop } from "./request.js";
import { parseRetryAfter } from "./retry-after.js";
import { hostKeyOf, parseFeedUrl } from "./url-policy.js";

/** The Fetcher contract plus per-host figures (additive: callers may keep typing it as Fetcher). */
export interface HttpFetcher extends Fetcher {
  /** In-flight, waiting and maximum in-flight requests per host:port since creation. */
  stats(): HostConcurrency[];
}

interface FetchContext {
  settings: FetcherSettings;
  limiter: HostLimiter;
  guard: AddressGuard;
}

/** Where a fetch got to: filled in hop by hop, reported in every result. */
interface Trail {
  started: number;
  finalUrl: string;
  redirects: string[];
  allPermanent: boolean;
}

/**
 * Creates the feed fetcher: our own HTTP GET over node:http/https with an overall deadline, a
 * decoded-size cap, validated redirects, conditional GET, Retry-After, a per-host limit and an
 * SSRF guard on the connected address. It never throws: every failure is a `kind: "error"` result.
 */
export function createFetcher(options: FetcherOptions = {}): HttpFetcher {
  const settings = resolveFetcherOptions(options);
  const context: FetchContext = {
    settings,
    limiter: createHostLimiter(settings.maxConcurrentPerHost, options.onHostConcurrency),
    guard: createAddressGuard(settings.allowList, settings.resolveHost),
  };
  return {
    fetch: (request, signal) => fetchFeed(context, request, signal),
    stats: () => context.limiter.stats(),
  };
}

async function fetchFeed(context: FetchContext, request: FetchRequest, signal?: AbortSignal): Promise<FetchResult> {
  const trail: Trail = { started: performance.now(), finalUrl: request.url, redirects: [], allPermanent: true };
  const deadline = createDeadline(request.url, context.settings.timeoutMs, signal);
  try {
    const url = parseFeedUrl(request.url);
    trail.finalUrl = url.href;
    return await followHops(context, request, url, deadline, trail);
  } catch (error) {
    return errorResult(toFetchFailure(error, trail.finalUrl), trail);
  } finally {
    deadline.dispose();
  }
}

/** Requests `url`, then each validated redirect target, until a non-redirect answer. */
async function followHops(
  context: FetchContext,
  request: FetchRequest,
  first: URL,
  deadline: Deadline,
  trail: Trail,
): Promise<FetchResult> {
  const headers = buildRequestHeaders(request, context.settings.userAgent);
  const visited = [first.href];
  let url = first;
  for (;;) {
    const release = await context.limiter.acquire(hostKeyOf(url), deadline.signal);
    deadline.start();
    let hop: OpenHop | undefined;
    try {
      const { connectTimeoutMs } = context.settings;
      hop = await openHop({ url, headers, signal: deadline.signal, connectTimeoutMs, guard: context.guard });
      const status = hop.response.statusCode ?? 0;
      if (!isRedirect(status) || hop.response.headers.location === undefined) {
        return await finishHop(context, hop, url, deadline.signal, trail); // a 3xx without Location is HTTP_STATUS
      }
      url = nextRedirectUrl(url, hop.response.headers.location, {
        visited,
        maxRedirects: context.settings.maxRedirects,
      });
      visited.push(url.href);
      trail.redirects.push(url.href);
      trail.allPermanent &&= isPermanentRedirect(status);
      trail.finalUrl = url.href;
    } finally {
      await hop?.close();
      release();
    }
  }
}

/** Turns the final answer into a result: 2xx with its body, 304, rate limiting, or a status error. */
async function finishHop(
  context: FetchContext,
  hop: OpenHop,
  url: URL,
  signal: AbortSignal,
  trail: Trail,
): Promise<FetchResult> {
  const { response } = hop;
  const status = response.statusCode ?? 0;
  const headers = toFetchHeaders(response.headers);
  if (status === 304) return { ...meta(trail), kind: "not-modified", status, headers };
  if (status >= 200 && status < 300) {
    const body = await readOkBody(context, hop, url, signal);
    return { ...meta(trail), kind: "ok", status, headers, body, bytes: body.length };
  }
  throw statusFailure(context, url, status, response.statusMessage, headers);
}

async function readOkBody(context: FetchContext, hop: OpenHop, url: URL, signal: AbortSignal): Promise<Buffer> {
  const maxBytes = context.settings.maxBodyBytes;
  const declared = Number(hop.response.headers["content-length"] ?? "0");
  if (declared > maxBytes) {
    // The header alone can refuse; it can never admit: the count below is on bytes actually decoded.
    throw new FetchFailure("TOO_LARGE", url.href, `Content-Length ${declared} exceeds ${maxBytes} bytes`);
  }
  const codings = parseContentCodings(hop.response.headers["content-encoding"], url.href);
  const body = await readBody(hop.response, { url: url.href, maxBytes, codings, signal });
  const late = hop.lateFailure();
  if (late) throw late;
  return body;
}

/**
 * 429 (RFC 6585 §4) and 503 with Retry-After (RFC 9110 §15.6.4) mean "slow down": RATE_LIMITED
 * with the time the server named. Any other status is HTTP_STATUS.
 */
function statusFailure(
  context: FetchContext,
  url: URL,
  status: number,
  statusText: string | undefined,
  headers: FetchHeaders,
): FetchFailure {
  const retryAt = parseRetryAfter(headers.retryAfter, context.settings.now());
  const details = { status, headers, retryAt };
  if (status === 429 || (status === 503 && headers.retryAfter !== null)) {
    const wait = retryAt ? `retry after ${retryAt.toISOString()}` : "no usable Retry-After";
    return new FetchFailure("RATE_LIMITED", url.href, `HTTP ${status}, rate limited, ${wait}`, details);
  }
  return new FetchFailure("HTTP_STATUS", url.href, `HTTP ${status} ${statusText ?? ""}`.trim(), details);
}

function meta(trail: Trail) {
  return {
    finalUrl: trail.finalUrl,
    redirects: [...trail.redirects],
    permanentRedirect: trail.redirects.length > 0 && trail.allPermanent,
    durationMs: Math.round(performance.now() - trail.started),
  };
}

function errorResult(failure: FetchFailure, trail: Trail): FetchResult {
  const { code, message, status, headers, retryAt } = failure;
  return { ...meta(trail), kind: "error", code, message, status, headers, retryAt };
}
