import { createHash, timingSafeEqual } from "node:crypto";

import type { ApiKeyEntry, ApiRole } from "../config/config.js";

export type { ApiKeyEntry, ApiRole };

/** Who is calling: the name and role of the API key they presented. */
export interface Caller {
  readonly name: string;
  readonly role: ApiRole;
}

/** Maps a presented key to its caller, or null when no configured key matches. */
export type ApiKeyVerifier = (presentedKey: string) => Caller | null;

/** A role satisfies every role of lower or equal rank: an admin may do what an editor may. */
const ROLE_RANK: Readonly<Record<ApiRole, number>> = { editor: 1, admin: 2 };

export function roleSatisfies(have: ApiRole, need: ApiRole): boolean {
  return ROLE_RANK[have] >= ROLE_RANK[need];
}

export function isApiRole(value: unknown): value is ApiRole {
  return typeof value === "string" && Object.hasOwn(ROLE_RANK, value);
}

/** The stored form of a key: lowercase hex SHA-256 of its UTF-8 bytes (scripts/hash-api-key.ts). */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/**
 * Builds the verifier over the configured (hashed) keys. Only digests are kept, so the keys
 * themselves never sit in memory or config. The presented key is hashed first: digests always
 * have the same length, which timingSafeEqual needs, and comparing digests in constant time
 * tells an attacker nothing about how close a guess was. Every entry is compared, matched or
 * not, so the time taken does not reveal which entry matched either.
 */
export function createApiKeyVerifier(entries: readonly ApiKeyEntry[]): ApiKeyVerifier {
  const stored = entries.map((entry) => ({
    digest: Buffer.from(entry.sha256, "hex"),
    caller: Object.freeze({ name: entry.name, role: entry.role }),
  }));
  return (presentedKey) => {
    const digest = createHash("sha256").update(presentedKey, "utf8").digest();
    let match: Caller | null = null;
    for (const entry of stored) {
      if (timingSafeEqual(entry.digest, digest) && match === null) match = entry.caller;
    }
    return match;
  };
}
