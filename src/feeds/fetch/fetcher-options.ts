import { SERVICE_VERSION } from "../../version.js";
import { type ResolveHost, resolveWithSystemDns } from "./address-guard.js";
import { type AllowList, parseAllowList } from "./allow-list.js";
import type { HostConcurrencyListener } from "./host-limiter.js";

/** Options of createFetcher(); every one has a default. */
export interface FetcherOptions {
  /** Overall deadline of one fetch, in ms: connect, every redirect, headers and the whole body (B5). Default 20 000. */
  timeoutMs?: number;
  /** Deadline for DNS plus the TCP connect of each hop, in ms. Default 10 000. */
  connectTimeoutMs?: number;
  /** Cap on the DECODED body, in bytes (B4). Default 15 MiB. */
  maxBodyBytes?: number;
  /** Redirects followed before TOO_MANY_REDIRECTS (B2). Default 5. */
  maxRedirects?: number;
  /** Requests in flight at once to one host:port (B9). Default 2. */
  maxConcurrentPerHost?: number;
  /** The User-Agent sent. Default `HypervisorNewsGraph/<version> (+<serviceUrl>)`. */
  userAgent?: string;
  /** The URL the default User-Agent names, where a feed owner can learn who is fetching. */
  serviceUrl?: string;
  /**
   * SSRF guard exceptions (B1): CIDRs or bare addresses ("10.1.0.0/16"), or one endpoint
   * ("127.0.0.1:8080", "[::1]:8080"). Default none: every special-purpose address is refused.
   */
  allowList?: readonly string[];
  /** DNS resolver, injectable for tests (evil.test → 127.0.0.1, rebinding). Default: the system's getaddrinfo. */
  resolveHost?: ResolveHost;
  /** The clock, for Retry-After dates. Default `() => new Date()`. */
  now?: () => Date;
  /** Called whenever a host's in-flight count changes (benchmarks assert the limit with it). */
  onHostConcurrency?: HostConcurrencyListener;
}

/** Placeholder until configuration provides the public URL (RFC 2606 reserves ".invalid"). */
export const DEFAULT_SERVICE_URL = "https://hypervisor-news-graph.invalid/about/fetcher";

export const FETCHER_DEFAULTS = {
  timeoutMs: 20_000, // Miniflux: 20 s for the whole request (RELIABILITY.md B5)
  connectTimeoutMs: 10_000, // Miniflux: 10 s dial
  maxBodyBytes: 15 * 1024 * 1024, // Miniflux HTTP_CLIENT_MAX_BODY_SIZE (B4)
  maxRedirects: 5, // rss-parser and browsers' usual budget (B2)
  maxConcurrentPerHost: 2, // B9
} as const;

export interface FetcherSettings {
  timeoutMs: number;
  connectTimeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  maxConcurrentPerHost: number;
  userAgent: string;
  allowList: AllowList;
  resolveHost: ResolveHost;
  now: () => Date;
}

/** Applies defaults and validates; throws on a bad option (a programming or configuration error). */
export function resolveFetcherOptions(options: FetcherOptions): FetcherSettings {
  const settings: FetcherSettings = {
    timeoutMs: options.timeoutMs ?? FETCHER_DEFAULTS.timeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? FETCHER_DEFAULTS.connectTimeoutMs,
    maxBodyBytes: options.maxBodyBytes ?? FETCHER_DEFAULTS.maxBodyBytes,
    maxRedirects: options.maxRedirects ?? FETCHER_DEFAULTS.maxRedirects,
    maxConcurrentPerHost: options.maxConcurrentPerHost ?? FETCHER_DEFAULTS.maxConcurrentPerHost,
    userAgent:
      options.userAgent ?? `HypervisorNewsGraph/${SERVICE_VERSION} (+${options.serviceUrl ?? DEFAULT_SERVICE_URL})`,
    allowList: parseAllowList(options.allowList ?? []),
    resolveHost: options.resolveHost ?? resolveWithSystemDns,
    now: options.now ?? (() => new Date()),
  };
  for (const key of ["timeoutMs", "connectTimeoutMs", "maxBodyBytes", "maxConcurrentPerHost"] as const) {
    if (!Number.isInteger(settings[key]) || settings[key] < 1) {
      throw new Error(`createFetcher: ${key} must be a positive integer, got ${settings[key]}`);
    }
  }
  if (!Number.isInteger(settings.maxRedirects) || settings.maxRedirects < 0) {
    throw new Error(`createFetcher: maxRedirects must be 0 or more, got ${settings.maxRedirects}`);
  }
  return settings;
}
