import assert from "node:assert/strict";

import type { FetchErrorCode, FetchResult } from "../../../src/feeds/fetch/fetch-result.js";

type ErrorResult = Extract<FetchResult, { kind: "error" }>;
type OkResult = Extract<FetchResult, { kind: "ok" }>;

/** Asserts an error result with this code whose message names the URL; returns it narrowed. */
export function assertFetchError(result: FetchResult, code: FetchErrorCode, url: string): ErrorResult {
  assert.equal(result.kind, "error", `expected ${code}, got ${JSON.stringify({ ...result, body: undefined })}`);
  assert.ok(result.kind === "error");
  assert.equal(result.code, code, result.message);
  assert.ok(result.message.includes(url), `"${result.message}" names ${url}`);
  return result;
}

export function assertOk(result: FetchResult): OkResult {
  assert.ok(result.kind === "ok", `expected ok, got ${JSON.stringify(result)}`);
  return result;
}

/** Client and server TCP sockets still open in this process (B6); listening servers are not counted. */
export function openTcpSockets(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === "TCPSocketWrap").length;
}
