/**
 * parseFeed: fetched bytes in, ParsedFeed out, for every supported format. Pure and synchronous
 * (run it in a worker for big feeds: parser-pool.ts). The steps, miniflux parser.ParseFeed style:
 * decode (charset) → detect the format → per-format parser → per-format adapter.
 */
import { adaptAtom } from "./atom-adapter.js";
import { decodeFeedBody } from "./decode.js";
import { detectFormat } from "./detect-format.js";
import { parseJsonFeed } from "./json-feed.js";
import { type FeedFormat, FeedParseError, type ParsedFeed, type ParseInput } from "./parsed-feed.js";
import { adaptRss } from "./rss-adapter.js";
import { prepareXml } from "./xml-prep.js";
import { parseXmlDocument, type XmlDocument } from "./xml-tree.js";

/**
 * Parses RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1. Throws only FeedParseError
 * (code EMPTY, UNDECODABLE, UNSUPPORTED_FORMAT or MALFORMED), whose message names the feed URL.
 */
export function parseFeed(input: ParseInput): ParsedFeed {
  return guarded(input.url, () => {
    if (input.body.length === 0) throw new FeedParseError("EMPTY", input.url, "the response body is empty");
    const { text } = decodeFeedBody(input.body, input.contentType, input.url);
    return parseText(text, input.url);
  });
}

/** The same on text that is already decoded (tests, and callers that hold a string). */
export function parseFeedText(text: string, url: string): ParsedFeed {
  return guarded(url, () => parseText(text, url));
}

function guarded(url: string, parse: () => ParsedFeed): ParsedFeed {
  try {
    return parse();
  } catch (error) {
    if (error instanceof FeedParseError) throw error;
    // A parser bug on hostile input must still reach the caller as this feed's error, not a crash.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new FeedParseError("MALFORMED", url, `parser failed (${reason.slice(0, 200)})`, { cause: error });
  }
}

function parseText(text: string, url: string): ParsedFeed {
  const detected = detectFormat(text, url);
  if (detected.rootName === null) return parseJsonFeed(text.slice(detected.start), detected.format, url);
  const document = parseXmlDocument(prepareXml(text, detected.start), url, detected.rootName);
  return adaptXml(document, detected.format, url);
}

function adaptXml(document: XmlDocument, format: FeedFormat, url: string): ParsedFeed {
  switch (format) {
    case "atom0.3":
    case "atom1.0":
      return adaptAtom(document, format, url);
    case "rss0.9x":
    case "rss1.0":
    case "rss2.0":
      return adaptRss(document, format, url);
    default:
      throw new FeedParseError("UNSUPPORTED_FORMAT", url, `format ${format} is not XML`);
  }
}
