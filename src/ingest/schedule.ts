import type { NextFetchReason } from "../model/feed.js";

/**
 * When to fetch a feed next: pure, clock and randomness injected.
 *
 * - Success: half the feed's mean time between posts (two polls per expected post), kept within
 *   [floorMs, ceilingMs]; `defaultMs` when the rate is unknown.
 * - Failure: `backoffBaseMs * 2^(failures-1)`, capped at `backoffCapMs`; polling never stops.
 * - Either way, never sooner than the feed's own hints (RSS ttl, Cache-Control max-age, Expires,
 *   Retry-After: RFC 9111 §5.2.2.1 and §5.3, RFC 9110 §10.2.3), each honoured up to `maxHintMs`.
 * - Jitter spreads feeds that became due together: ±jitterRatio, then re-clamped; hints are exact.
 */
export interface SchedulePolicy {
  floorMs: number;
  ceilingMs: number;
  defaultMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  jitterRatio: number;
  maxHintMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A policy from the configured bounds, with the fixed parts filled in. */
export function createSchedulePolicy(bounds: {
  floorMs: number;
  ceilingMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
}): SchedulePolicy {
  if (bounds.floorMs > bounds.ceilingMs) {
    throw new Error(`schedule: floor ${bounds.floorMs} ms exceeds ceiling ${bounds.ceilingMs} ms`);
  }
  return {
    ...bounds,
    defaultMs: clamp(HOUR, bounds.floorMs, bounds.ceilingMs),
    jitterRatio: 0.1,
    maxHintMs: Math.max(7 * DAY, bounds.ceilingMs),
  };
}

/** What the feed said about polling, from the last response (and the last parsed body's ttl). */
export interface PollingHints {
  ttlMinutes: number | null;
  cacheControl: string | null;
  expires: string | null;
  retryAt: Date | null;
}

export const NO_HINTS: PollingHints = Object.freeze({
  ttlMinutes: null,
  cacheControl: null,
  expires: null,
  retryAt: null,
});

export interface ScheduleInput {
  now: Date;
  /** Consecutive failures including this run; 0 after a success. */
  failures: number;
  postIntervalMs: number | null;
  hints: PollingHints;
  /** In [0, 1): Math.random in production, fixed in tests. */
  random: () => number;
}

export interface NextFetch {
  at: Date;
  reason: NextFetchReason;
}

export function scheduleNextFetch(policy: SchedulePolicy, input: ScheduleInput): NextFetch {
  const planned = input.failures > 0 ? backoff(policy, input) : adaptive(policy, input);
  const hint = strongestHint(input.hints, input.now, policy.maxHintMs);
  const at = (ms: number) => new Date(input.now.getTime() + ms);
  if (hint && hint.ms > planned.ms) return { at: at(hint.ms), reason: { basis: "hint", detail: hint.detail } };
  return { at: at(planned.ms), reason: planned.reason };
}

function adaptive(policy: SchedulePolicy, input: ScheduleInput): { ms: number; reason: NextFetchReason } {
  const base = input.postIntervalMs === null ? policy.defaultMs : input.postIntervalMs / 2;
  const ms = clamp(
    jitter(clamp(base, policy.floorMs, policy.ceilingMs), policy, input.random),
    policy.floorMs,
    policy.ceilingMs,
  );
  const rate =
    input.postIntervalMs === null ? "posting rate unknown" : `~1 post per ${formatDuration(input.postIntervalMs)}`;
  return { ms, reason: { basis: "adaptive", detail: `${rate}; next in ${formatDuration(ms)}` } };
}

function backoff(policy: SchedulePolicy, input: ScheduleInput): { ms: number; reason: NextFetchReason } {
  // 2^exponent overflows to Infinity long before failures could; min() keeps it finite.
  const step = Math.min(policy.backoffBaseMs * 2 ** Math.min(input.failures - 1, 52), policy.backoffCapMs);
  const low = Math.min(policy.backoffBaseMs, policy.backoffCapMs);
  const ms = clamp(jitter(step, policy, input.random), low, policy.backoffCapMs);
  const capped = step === policy.backoffCapMs ? ", capped" : "";
  return {
    ms,
    reason: { basis: "backoff", detail: `backoff step ${input.failures}${capped}; next in ${formatDuration(ms)}` },
  };
}

function jitter(ms: number, policy: SchedulePolicy, random: () => number): number {
  return ms * (1 + policy.jitterRatio * (2 * random() - 1));
}

/** The longest wait any hint asks for, capped at maxHintMs; null when none asks for any. */
export function strongestHint(
  hints: PollingHints,
  now: Date,
  maxHintMs: number,
): { ms: number; detail: string } | null {
  const candidates: { ms: number; detail: string }[] = [];
  if (hints.ttlMinutes !== null && hints.ttlMinutes > 0) {
    candidates.push({ ms: hints.ttlMinutes * MINUTE, detail: `RSS ttl ${hints.ttlMinutes} min` });
  }
  const maxAge = parseMaxAge(hints.cacheControl);
  if (maxAge !== null) candidates.push({ ms: maxAge * 1000, detail: `Cache-Control max-age=${maxAge}` });
  const expires = hints.expires === null ? NaN : Date.parse(hints.expires);
  if (!Number.isNaN(expires) && maxAge === null) {
    // RFC 9111 §5.3: max-age wins over Expires when both are present.
    candidates.push({ ms: expires - now.getTime(), detail: `Expires ${hints.expires}` });
  }
  if (hints.retryAt !== null) {
    candidates.push({
      ms: hints.retryAt.getTime() - now.getTime(),
      detail: `Retry-After until ${hints.retryAt.toISOString()}`,
    });
  }
  const longest = candidates.filter((hint) => hint.ms > 0).sort((a, b) => b.ms - a.ms)[0];
  if (!longest) return null;
  return longest.ms > maxHintMs
    ? { ms: maxHintMs, detail: `hint: ${longest.detail} (capped at ${formatDuration(maxHintMs)})` }
    : { ms: longest.ms, detail: `hint: ${longest.detail}` };
}

/** max-age in seconds, unless the response must not be reused (no-store, no-cache). */
function parseMaxAge(cacheControl: string | null): number | null {
  if (cacheControl === null) return null;
  const directives = cacheControl
    .toLowerCase()
    .split(",")
    .map((part) => part.trim());
  if (directives.includes("no-store") || directives.includes("no-cache")) return null;
  for (const directive of directives) {
    const match = /^max-age="?(\d{1,10})"?$/.exec(directive);
    if (match) return Number(match[1]);
  }
  return null;
}

/**
 * Mean time between the newest posts (up to 20 dates in the past), and at least the silence
 * since the newest: a feed that stopped posting drifts to the ceiling. Null below two dates.
 */
export function estimatePostInterval(dates: readonly Date[], now: Date): number | null {
  const past = dates
    .map((date) => date.getTime())
    .filter((ms) => Number.isFinite(ms) && ms <= now.getTime())
    .sort((a, b) => b - a)
    .slice(0, 20);
  const newest = past[0];
  const oldest = past[past.length - 1];
  if (past.length < 2 || newest === undefined || oldest === undefined) return null;
  const meanGap = (newest - oldest) / (past.length - 1);
  return Math.max(meanGap, now.getTime() - newest);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

export function formatDuration(ms: number): string {
  if (ms < 2 * HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < 2 * DAY) return `${Math.round((ms / HOUR) * 10) / 10} h`;
  return `${Math.round((ms / DAY) * 10) / 10} d`;
}
