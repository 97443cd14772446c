import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted at every level, so the same content always serialises the
 * same way whatever the key order or the indentation of the files.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, child]) => [key, sortKeys(child)]));
  }
  return value;
}

/**
 * The catalog version: sha256 of the validated content. Hashing the parsed content rather
 * than the file bytes means a re-indented file keeps its version (and does not trigger a
 * relink of every article), while any change of a name, date or rule does.
 */
export function catalogVersionOf(content: unknown): string {
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}
