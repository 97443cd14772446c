/**
 * normalizeFeed: ParsedFeed (raw, format-neutral) to NormalizedEntry[] (what ingestion links and
 * stores). Pure: the clock comes in as `options.now`. Per item, a linear list of steps: absolute
 * URLs through the xml:base chain, canonical link, dates (one parser, future dates clamped),
 * sanitised HTML and a plain-text summary, people/tags/enclosures, then identity and a content
 * hash over the whole feed.
 */
import { hash } from "node:crypto";

import { type NormalizedEntry, type NormalizeOptions } from "../../model/entry.js";
import { parseFeedDate } from "../parse/dates.js";
import { collapseWhitespace, htmlToText, leadingHtmlText, looksLikeHtml } from "../parse/html-text.js";
import { type ParsedEnclosure, type ParsedFeed, type ParsedItem } from "../parse/parsed-feed.js";
import { assignItemKeys, type IdentityInput, type ItemKey } from "./identity.js";
import { sanitizeContent } from "./sanitize.js";
import { canonicalizeResolvedLink, effectiveBase, resolveHttpUrl, resolveUrl } from "./url.js";

export const DEFAULT_MAX_FUTURE_SKEW_MS = 10 * 60 * 1000;
export const SUMMARY_MAX_LENGTH = 500;

type EntryWithoutKey = Omit<NormalizedEntry, "itemKey" | "itemKeySource">;

/**
 * Normalises every item of a parsed feed. Entries come out in feed order with unique itemKeys:
 * when two items resolve to the same key (true duplicates), the first one wins.
 */
export function normalizeFeed(feed: ParsedFeed, options: NormalizeOptions): NormalizedEntry[] {
  const feedBase = effectiveBase(null, feed.baseUrl, options.feedUrl);
  const prepared = feed.items.map((item) => normalizeItem(item, feed, feedBase, options));
  const keys = assignItemKeys(prepared.map(({ identity }) => identity));
  const seen = new Set<string>();
  const entries: NormalizedEntry[] = [];
  for (let index = 0; index < prepared.length; index += 1) {
    const key = keys[index];
    const entry = prepared[index]?.entry;
    if (key === undefined || entry === undefined || seen.has(key.itemKey)) continue;
    seen.add(key.itemKey);
    entries.push(withKey(key, entry));
  }
  return entries;
}

/** The entry with its key first, written out: spreading two objects into one is slow in V8. */
function withKey(key: ItemKey, entry: EntryWithoutKey): NormalizedEntry {
  return {
    itemKey: key.itemKey,
    itemKeySource: key.itemKeySource,
    title: entry.title,
    url: entry.url,
    canonicalUrl: entry.canonicalUrl,
    contentHtml: entry.contentHtml,
    summary: entry.summary,
    publishedAt: entry.publishedAt,
    updatedAt: entry.updatedAt,
    dateClamped: entry.dateClamped,
    authors: entry.authors,
    categories: entry.categories,
    enclosures: entry.enclosures,
    contentHash: entry.contentHash,
  };
}

function normalizeItem(
  item: ParsedItem,
  feed: ParsedFeed,
  feedBase: string | null,
  options: NormalizeOptions,
): { entry: EntryWithoutKey; identity: IdentityInput } {
  const base = item.baseUrl === null ? feedBase : (resolveUrl(item.baseUrl, feedBase) ?? feedBase);
  const url = resolveHttpUrl(item.link, base);
  const canonicalUrl = canonicalizeResolvedLink(url);
  const published = parseFeedDate(item.published);
  const updated = parseFeedDate(item.updated);
  const limit = options.now.getTime() + (options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS);
  const publishedAt = clampDate(published ?? updated, limit, options.now);
  const updatedAt = clampDate(updated, limit, options.now);
  // The content is sanitised once and the summary read once, from the description when there
  // is one (it is the shorter), and only as far as a summary reaches.
  const contentHtml = sanitizeContent(item.content ?? item.summary ?? "", base);
  const summary = summarize(item.summary ?? item.content ?? "");
  const title = titleText(item.title) || truncate(summary, 100);
  const entry: EntryWithoutKey = {
    title,
    url,
    canonicalUrl,
    contentHtml,
    summary,
    publishedAt,
    updatedAt,
    dateClamped: publishedAt !== (published ?? updated) || updatedAt !== updated,
    authors: cleanAuthors(item.authors.length > 0 ? item.authors : (feed.authors ?? [])),
    categories: uniqueCaseInsensitive(item.categories),
    enclosures: resolveEnclosures(item.enclosures, base),
    // sha256Hex's digest, without a Hash object per item (node:crypto's one-shot hash is faster).
    contentHash: hash("sha256", JSON.stringify([title, url, contentHtml, summary, item.published, item.updated])),
  };
  const date = (published ?? updated)?.toISOString() ?? item.published ?? item.updated ?? "";
  return { entry, identity: { guid: item.guid?.trim() || null, canonicalUrl, title, date, content: contentHtml } };
}

function resolveEnclosures(enclosures: readonly ParsedEnclosure[], base: string | null): ParsedEnclosure[] {
  if (enclosures.length === 0) return [];
  return enclosures.flatMap((enclosure) => {
    const enclosureUrl = resolveHttpUrl(enclosure.url, base);
    return enclosureUrl ? [{ ...enclosure, url: enclosureUrl }] : [];
  });
}

/** A date more than the allowed skew in the future (past `limit`) is set to `now` (a new Date, so a clamp shows). */
function clampDate(date: Date | null, limit: number, now: Date): Date | null {
  return date !== null && date.getTime() > limit ? new Date(now) : date;
}

/**
 * A title as plain text. Titles are text in Atom/JSON but RSS feeds put escaped markup and
 * entities in them, so anything that looks like HTML is read as HTML.
 */
export function titleText(title: string | null): string {
  if (title === null) return "";
  return looksLikeHtml(title) ? htmlToText(title) : collapseWhitespace(title);
}

/** Plain text, entities decoded, whitespace collapsed, at most SUMMARY_MAX_LENGTH characters. */
export function summarize(html: string): string {
  return truncate(leadingHtmlText(html, SUMMARY_MAX_LENGTH + 1), SUMMARY_MAX_LENGTH);
}

/** Cuts at a word boundary when one is near, and marks the cut with an ellipsis. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The display name in the author forms feeds use: "jane@example.com (Jane Doe)" (RSS 2.0),
 * "Jane Doe (jane@example.com)" and "Jane Doe <jane@example.com>" all become "Jane Doe"; a bare
 * address stays as it is.
 */
export function personName(author: string): string {
  const trimmed = author.trim();
  const emailThenName = /^\S+@\S+\s*\((.+)\)$/.exec(trimmed);
  const nameThenEmail = /^(.+?)\s*[(<]\s*\S+@[^\s)>]+\s*[)>]$/.exec(trimmed);
  return (emailThenName?.[1] ?? nameThenEmail?.[1] ?? trimmed).trim();
}

function cleanAuthors(authors: readonly string[]): string[] {
  return uniqueCaseInsensitive(authors.map(personName));
}

function uniqueCaseInsensitive(values: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const value of values) {
    const text = collapseWhitespace(value);
    if (text && !seen.has(text.toLowerCase())) seen.set(text.toLowerCase(), text);
  }
  return [...seen.values()];
}
