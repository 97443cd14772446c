/**
 * Small helpers shared by the RSS and Atom adapters: xml:base chains, enclosure attributes,
 * de-duplicated string lists. Pure and total: malformed values give null, never a throw.
 */
import { type ParsedEnclosure } from "./parsed-feed.js";
import { attr } from "./xml-tree.js";

/**
 * The xml:base in effect on `node`, given the one in effect on its parent (XML Base §4.2); null
 * while no element on the way declared one. Relative bases resolve against the document URL.
 */
export function baseOf(node: unknown, parentBase: string | null, documentUrl: string): string | null {
  const own = attr(node, "xml:base")?.trim();
  if (!own) return parentBase;
  return resolveAgainst(own, parentBase ?? documentUrl) ?? own;
}

/** Resolves `reference` against `base` when the base is absolute; null when it can't. */
export function resolveAgainst(reference: string, base: string | null): string | null {
  try {
    return new URL(reference, base ?? undefined).href;
  } catch {
    return null;
  }
}

/** A link as written, pre-resolved against an xml:base on the link element itself (Atom). */
export function linkWithOwnBase(node: unknown, href: string, parentBase: string | null, documentUrl: string): string {
  if (attr(node, "xml:base") === null) return href;
  return resolveAgainst(href, baseOf(node, parentBase, documentUrl)) ?? href;
}

export function toEnclosure(url: string | null, type: string | null, length: string | null): ParsedEnclosure | null {
  const trimmed = url?.trim();
  if (!trimmed) return null;
  const bytes = length === null ? Number.NaN : Number(length.trim());
  return {
    url: trimmed,
    type: type?.trim() || null,
    length: Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : null,
  };
}

/** Trimmed, non-empty, first occurrence kept. */
export function uniqueStrings(values: readonly (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const trimmed = value?.replace(/\s+/g, " ").trim();
    if (trimmed) seen.add(trimmed);
  }
  return [...seen];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The first non-empty value. */
export function firstOf(...values: (string | null | undefined)[]): string | null {
  for (const value of values) if (value) return value;
  return null;
}
