/**
 * A feed item after normalisation: absolute URLs, a stable identity, parsed dates, sanitised
 * HTML. This is what ingestion links and stores.
 */
export interface NormalizedEntry {
  /** Stable identity within its feed: GUID, else canonical link, else hash of title + date. */
  itemKey: string;
  /** How itemKey was derived. */
  itemKeySource: "guid" | "link" | "hash";
  title: string;
  /** Absolute link as published. */
  url: string | null;
  /** Absolute link without fragment and tracking parameters (utm_*, fbclid, ...). */
  canonicalUrl: string | null;
  /** Sanitised HTML (safe subset: no script, no event handlers, no javascript: URLs). */
  contentHtml: string;
  /** Plain text summary, whitespace collapsed, at most ~500 characters. */
  summary: string;
  publishedAt: Date | null;
  updatedAt: Date | null;
  /** True when the published date lay in the future beyond the allowed skew and was clamped to now. */
  dateClamped: boolean;
  authors: string[];
  categories: string[];
  enclosures: { url: string; type: string | null; length: number | null }[];
  /** sha256 over the fields that make a change visible (title, url, content, summary, dates). */
  contentHash: string;
}

/** Options of normalisation: the feed's own URL (for relative links) and the injected clock. */
export interface NormalizeOptions {
  feedUrl: string;
  now: Date;
  /** How far in the future a date may lie before it is clamped to `now` (default 10 minutes). */
  maxFutureSkewMs?: number;
}
