import type { FeedRunOutcome, FetchLogEntry } from "../model/feed.js";

/**
 * The bounded fetch history of a feed lives on the feed document (`recentFetches`, newest
 * last), one compact JSON string per run, trimmed by the run that appends to it and `$set` in
 * the same update that records the run's health: one write per run.
 *
 * Why not `$push: { $each: [entry], $slice: -N }`: FerretDB 1.24 ignores `$slice`. Why not a
 * `fetch_log` collection: capping it per feed costs a query and a delete per run, and FerretDB
 * has no TTL indexes. Why strings, not sub-documents: on FerretDB 1.24 every update costs time
 * in proportion to the embedded documents of the whole collection (test/compat/FERRETDB.md).
 */
export const FETCH_LOG_LIMIT = 20;

/** The history with `entry` appended, keeping only the newest `limit` lines. */
export function appendFetchLog(log: readonly string[], entry: FetchLogEntry, limit = FETCH_LOG_LIMIT): string[] {
  return [...log, encodeFetchLogEntry(entry)].slice(-limit);
}

export function encodeFetchLogEntry(entry: FetchLogEntry): string {
  return JSON.stringify({ ...entry, at: entry.at.toISOString() });
}

const OUTCOMES: readonly FeedRunOutcome[] = ["ok", "not-modified", "unchanged", "failed"];

/** Decodes stored lines; a line that does not decode (hand-edited, older shape) is skipped. */
export function decodeFetchLog(log: readonly string[]): FetchLogEntry[] {
  return log.flatMap((line) => {
    const entry = decodeLine(line);
    return entry ? [entry] : [];
  });
}

function decodeLine(line: string): FetchLogEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const raw = value as Record<string, unknown>;
  const at = typeof raw["at"] === "string" ? new Date(raw["at"]) : null;
  const outcome = OUTCOMES.find((candidate) => candidate === raw["outcome"]);
  if (!at || Number.isNaN(at.getTime()) || !outcome) return null;
  const numberOrNull = (key: string) => (typeof raw[key] === "number" ? raw[key] : null);
  return {
    at,
    outcome,
    status: numberOrNull("status"),
    bytes: numberOrNull("bytes"),
    durationMs: numberOrNull("durationMs"),
    errorCode: typeof raw["errorCode"] === "string" ? raw["errorCode"] : null,
    itemsNew: numberOrNull("itemsNew") ?? 0,
    itemsUpdated: numberOrNull("itemsUpdated") ?? 0,
  };
}
