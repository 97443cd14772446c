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
  /** As written (may hold markup or entities in RSS; Atom XHTML unwrapped from its div). */
  title: string | null;
  /** RSS description / Atom summary / JSON summary, as HTML, unsanitised (plain-text sources escaped). */
  summary: string | null;
  /** content:encoded / Atom content / JSON content_html or content_text, as HTML, unsanitised (text escaped). */
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
  /**
   * Added: feed-level authors (Atom feed author, RSS managingEditor, JSON Feed authors). Atom says
   * an entry without an author inherits the feed's; normalisation applies that. Optional so that
   * hand-built ParsedFeeds stay valid.
   */
  authors?: string[];
}

/** A feed's own fields, without its items (what a caller of parseAndNormalize gets back). */
export type FeedHeader = Omit<ParsedFeed, "items">;

export function feedHeader(feed: ParsedFeed): FeedHeader {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped on purpose
  const { items, ...header } = feed;
  return header;
}

/** Why a document could not be parsed. Stable codes, stored on the feed. */
export type FeedParseErrorCode = "UNSUPPORTED_FORMAT" | "MALFORMED" | "UNDECODABLE" | "EMPTY";

/**
 * Added: the one error a parser throws (or a FeedParser rejects with). The message starts with the
 * feed URL and says why, e.g. "https://x/feed: body is not valid UTF-8 (82 invalid byte sequences) and
 * no charset is declared".
 */
export class FeedParseError extends Error {
  override readonly name = "FeedParseError";

  constructor(
    readonly code: FeedParseErrorCode,
    readonly feedUrl: string,
    /** Why, without the URL (the message is `${feedUrl}: ${reason}`). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${feedUrl}: ${reason}`, options);
  }
}

/** Added: narrows an unknown caught value (also true for errors rebuilt from a worker thread). */
export function isFeedParseError(error: unknown): error is FeedParseError {
  return error instanceof FeedParseError;
}

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
