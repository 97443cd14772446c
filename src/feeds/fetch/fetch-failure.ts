import type { FetchErrorCode, FetchHeaders } from "./fetch-result.js";

/** Extra facts a failure carries into the `kind: "error"` result. */
export interface FailureDetails {
  status?: number | null;
  headers?: FetchHeaders | null;
  retryAt?: Date | null;
}

/**
 * A fetch that cannot succeed, with its stable code. Thrown inside the fetch folder only and turned
 * into a `kind: "error"` result at the edge (fetcher.ts), so callers never see an exception.
 */
export class FetchFailure extends Error {
  readonly status: number | null;
  readonly headers: FetchHeaders | null;
  readonly retryAt: Date | null;

  constructor(
    readonly code: FetchErrorCode,
    url: string,
    reason: string,
    details: FailureDetails = {},
  ) {
    super(`${url}: ${reason}`);
    this.name = "FetchFailure";
    this.status = details.status ?? null;
    this.headers = details.headers ?? null;
    this.retryAt = details.retryAt ?? null;
  }
}

/** getaddrinfo failures (Node's dns module re-uses the libc EAI_* names). */
const DNS_ERROR_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME"]);

/** Maps anything thrown or emitted while fetching `url` to a FetchFailure that names the URL. */
export function toFetchFailure(error: unknown, url: string): FetchFailure {
  if (error instanceof FetchFailure) return error;
  const code = errorCode(error);
  const reason = error instanceof Error ? error.message : String(error);
  if (code !== undefined && DNS_ERROR_CODES.has(code)) {
    return new FetchFailure("DNS_FAILED", url, `cannot resolve host (${code})`);
  }
  return new FetchFailure(
    "NETWORK",
    url,
    code !== undefined && !reason.includes(code) ? `${reason} (${code})` : reason,
  );
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
