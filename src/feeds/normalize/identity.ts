/**
 * Stable identity of items within one feed (RELIABILITY D5; miniflux hashes the GUID, else the
 * URL, else title + content). Rules:
 * 1. GUID, unless the feed's GUIDs are unreliable: when more than 5 % of its items have an empty
 *    GUID or one that another item shares, the whole feed switches to links (rule 2) — mixing
 *    sources within one feed would change an item's key when its neighbours change.
 * 2. Canonical link (fragment and tracking parameters removed), when no other item has it.
 * 3. sha256 of title + date (+ content when both are missing).
 * Keys longer than MAX_KEY_LENGTH are replaced by "sha256:<hex>" of themselves (index-friendly).
 */
import { createHash } from "node:crypto";

import { type NormalizedEntry } from "../../model/entry.js";

/** What identity needs from one item. */
export interface IdentityInput {
  guid: string | null;
  canonicalUrl: string | null;
  title: string;
  /** The item's date as published (ISO when parseable, else as written), before any clamping. */
  date: string;
  /** Used only when title and date are both empty. */
  content: string;
}

export type ItemKey = Pick<NormalizedEntry, "itemKey" | "itemKeySource">;

/** Share of bad GUIDs above which a feed's GUIDs are ignored altogether. */
export const MAX_BAD_GUID_SHARE = 0.05;
const MAX_KEY_LENGTH = 512;

/** One key per input, in order. Keys are unique within the feed except for true duplicates. */
export function assignItemKeys(items: readonly IdentityInput[]): ItemKey[] {
  const guidCounts = countValues(items.map((item) => item.guid));
  const linkCounts = countValues(items.map((item) => item.canonicalUrl));
  const useGuids = guidsAreReliable(items, guidCounts);
  return items.map((item) => {
    if (useGuids && item.guid && guidCounts.get(item.guid) === 1) return key(item.guid, "guid");
    if (item.canonicalUrl && linkCounts.get(item.canonicalUrl) === 1) return key(item.canonicalUrl, "link");
    return key(hashKey(item), "hash");
  });
}

/** False when more than 5 % of the items have no GUID or a GUID that another item shares. */
export function guidsAreReliable(
  items: readonly IdentityInput[],
  guidCounts: ReadonlyMap<string, number> = countValues(items.map((item) => item.guid)),
): boolean {
  if (items.length === 0) return true;
  const bad = items.filter((item) => !item.guid || (guidCounts.get(item.guid) ?? 0) > 1).length;
  return bad / items.length <= MAX_BAD_GUID_SHARE;
}

function countValues(values: readonly (string | null)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function hashKey(item: IdentityInput): string {
  const content = item.title || item.date ? "" : item.content;
  return sha256Hex(`${item.title}\n${item.date}\n${content}`);
}

function key(value: string, source: ItemKey["itemKeySource"]): ItemKey {
  const itemKey = value.length > MAX_KEY_LENGTH ? `sha256:${sha256Hex(value)}` : value;
  return { itemKey, itemKeySource: source };
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
