import type { ApiKeyVerifier, Caller } from "./api-keys.js";

/** Request headers as node:http gives them (lowercase names). */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

export interface AuthPolicy {
  verify: ApiKeyVerifier;
  /** When true, anonymous callers are refused outright, queries included (API_REQUIRE_KEY_FOR_QUERIES). */
  requireKey: boolean;
}

/** Why a request was refused; each reason has its own client message. */
export type AuthFailure = "malformed-credentials" | "invalid-key" | "key-required";

export type Authentication = { ok: true; caller: Caller | null } | { ok: false; reason: AuthFailure };

/** Printable ASCII without spaces; long enough for any generated key, short enough to hash cheaply. */
const KEY_SYNTAX = /^[\x21-\x7e]{1,512}$/;
const BEARER = /^Bearer +(\S+) *$/i;

type Presented = { kind: "none" } | { kind: "key"; key: string } | { kind: "malformed" };

/**
 * Reads the API key from `Authorization: Bearer <key>` or, failing that, `x-api-key`.
 * Headers arrive untrusted: a repeated header, another scheme (Basic) or odd characters are
 * "malformed", never silently ignored, so a client with a broken setup hears about it.
 */
export function readPresentedKey(headers: RequestHeaders): Presented {
  const authorization = headers["authorization"];
  const apiKey = headers["x-api-key"];
  if (authorization === undefined && apiKey === undefined) return { kind: "none" };
  if (authorization !== undefined) {
    if (typeof authorization !== "string") return { kind: "malformed" };
    const key = BEARER.exec(authorization)?.[1];
    return key !== undefined && KEY_SYNTAX.test(key) ? { kind: "key", key } : { kind: "malformed" };
  }
  return typeof apiKey === "string" && KEY_SYNTAX.test(apiKey) ? { kind: "key", key: apiKey } : { kind: "malformed" };
}

/**
 * Decides who is calling. A presented key must be valid even where anonymous access is
 * allowed: a wrong key is an error (401), not a quiet downgrade to anonymous.
 */
export function authenticate(headers: RequestHeaders, policy: AuthPolicy): Authentication {
  const presented = readPresentedKey(headers);
  switch (presented.kind) {
    case "none":
      return policy.requireKey ? { ok: false, reason: "key-required" } : { ok: true, caller: null };
    case "malformed":
      return { ok: false, reason: "malformed-credentials" };
    case "key": {
      const caller = policy.verify(presented.key);
      return caller ? { ok: true, caller } : { ok: false, reason: "invalid-key" };
    }
  }
}
