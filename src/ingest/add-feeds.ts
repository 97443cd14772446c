import type { Db } from "mongodb";

import type { NewFeed } from "../model/feed.js";
import { listFeeds, registerFeeds } from "../store/feeds.js";
import { buildOpml, type OpmlFeed, parseOpml } from "./opml.js";

/** The feed URL normaliser (normalizeFeedUrl of src/feeds/normalize/url.ts); may throw on a bad URL. */
export type NormalizeUrl = (url: string) => string;

/** A feed someone wants registered: from the default list, an OPML file, or an API call. */
export type FeedCandidate = OpmlFeed;

export interface AddFeedsReport {
  added: number;
  /** Already registered (same normalised URL): left exactly as they were. */
  existing: number;
  rejected: { url: string; reason: string }[];
}

const MAX_TITLE = 300;
const MAX_TAGS = 20;

/**
 * Normalises and checks candidates: http(s) only, one per normalised URL (the first wins),
 * titles and tags trimmed and bounded. Pure.
 */
export function prepareFeeds(
  candidates: readonly FeedCandidate[],
  normalizeUrl: NormalizeUrl,
): { feeds: NewFeed[]; rejected: AddFeedsReport["rejected"] } {
  const byUrl = new Map<string, NewFeed>();
  const rejected: AddFeedsReport["rejected"] = [];
  for (const candidate of candidates) {
    const url = normalizeHttpUrl(candidate.url, normalizeUrl);
    if (!url.ok) {
      rejected.push({ url: candidate.url, reason: url.reason });
      continue;
    }
    if (byUrl.has(url.value)) continue;
    const siteUrl = candidate.siteUrl === null ? null : normalizeHttpUrl(candidate.siteUrl, (raw) => new URL(raw).href);
    byUrl.set(url.value, {
      url: url.value,
      title: candidate.title.trim().slice(0, MAX_TITLE),
      siteUrl: siteUrl?.ok ? siteUrl.value : null,
      tags: [...new Set(candidate.tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))].slice(0, MAX_TAGS),
    });
  }
  return { feeds: [...byUrl.values()], rejected };
}

function normalizeHttpUrl(
  raw: string,
  normalizeUrl: NormalizeUrl,
): { ok: true; value: string } | { ok: false; reason: string } {
  let value: string;
  try {
    value = normalizeUrl(raw.trim());
  } catch (error) {
    return { ok: false, reason: `not a valid URL: ${error instanceof Error ? error.message : String(error)}` };
  }
  const protocol = URL.canParse(value) ? new URL(value).protocol : null;
  if (protocol !== "http:" && protocol !== "https:") {
    return { ok: false, reason: "only http and https feeds are polled" };
  }
  return { ok: true, value };
}

/**
 * Registers the feeds not registered yet; never duplicates one nor resets its state. Returns
 * how many were added, already there, or rejected (and why).
 */
export async function addFeeds(
  db: Db,
  candidates: readonly FeedCandidate[],
  options: { normalizeUrl: NormalizeUrl; now: Date },
): Promise<AddFeedsReport> {
  const { feeds, rejected } = prepareFeeds(candidates, options.normalizeUrl);
  const { added, existing } = await registerFeeds(db, feeds, options.now);
  return { added, existing, rejected };
}

/** Registers the feeds of an OPML document. Throws an OpmlError for a document it refuses. */
export async function importOpml(
  db: Db,
  text: string,
  options: { normalizeUrl: NormalizeUrl; now: Date },
): Promise<AddFeedsReport> {
  return addFeeds(db, parseOpml(text).feeds, options);
}

/** Every registered feed as an OPML 2.0 document. */
export async function exportOpml(db: Db, options: { now: Date; title?: string }): Promise<string> {
  const feeds = await listFeeds(db);
  return buildOpml(feeds, { title: options.title ?? "Hypervisor News Graph feeds", now: options.now });
}
