/**
 * The contract between the parser and normalisation: format-neutral, still raw (relative URLs,
 * unsanitised HTML, unparsed dates as found in the document).
 */

export type FeedFormat = "rss0.9x" | "rss1.0" | "rss2.0" | "atom0.3" | "atom1.0" | "json1.0" | "json1.1";

export interface ParsedEnclosure {
  url: string;
  type: string | null;
  length: number | null;
}

export interface ParsedItem {
  guid: string | null;
  link: string | null;
  title: string | null;
  /** RSS description / Atom summary / JSON summary, as HTML or text, unsanitised. */
  summary: string | null;
  /** content:encoded / Atom content / JSON content_html or content_text, unsanitised. */
  content: string | null;
  /** The date strings exactly as found; normalisation parses them with src/feeds/parse/dates.ts. */
  published: string | null;
  updated: string | null;
  authors: string[];
  categories: string[];
  enclosures: ParsedEnclosure[];
  /** xml:base in effect for this item (Atom), for resolving relative links. */
  baseUrl: string | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  siteUrl: string | null;
  description: string | null;
  /** RSS <ttl>, in minutes: a polling hint. */
  ttlMinutes: number | null;
  /** xml:base on the feed element (Atom), for resolving relative links. */
  baseUrl: string | null;
  items: ParsedItem[];
}

/** Why a document could not be parsed. Stable codes, stored on the feed. */
export type FeedParseErrorCode = "UNSUPPORTED_FORMAT" | "MALFORMED" | "UNDECODABLE" | "EMPTY";

/** What the parser needs besides the bytes: where they came from and the HTTP Content-Type. */
export interface ParseInput {
  body: Buffer;
  url: string;
  contentType: string | null;
}

/**
 * Parses a fetched body (any supported format) into a ParsedFeed. Implementations: parseFeed()
 * (synchronous, parse-feed.ts) and a worker-thread pool (off the API's event loop). Rejects
 * with a FeedParseError (its `code` is a FeedParseErrorCode) that names the feed URL and why.
 */
export interface FeedParser {
  parse(input: ParseInput): Promise<ParsedFeed>;
  close(): Promise<void>;
}
