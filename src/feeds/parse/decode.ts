/**
 * Bytes to text for feed documents (RELIABILITY.md B7). The charset comes from, in order: a byte
 * order mark, the HTTP Content-Type charset, the XML declaration; else UTF-8 (XML 1.0 §4.3.3 and
 * Appendix F). Labels are routinely wrong, so, like miniflux's encoding.CharsetReader, a body that
 * is valid UTF-8 and contains non-ASCII is read as UTF-8 whatever a legacy label says. A body that
 * is neither valid UTF-8 nor in a declared charset we can decode is refused (UNDECODABLE) rather
 * than turned into mojibake.
 */
import iconv from "iconv-lite";

import { FeedParseError } from "./parsed-feed.js";

export type CharsetSource = "bom" | "sniffed" | "header" | "prolog" | "content" | "default";

export interface DecodedBody {
  /** The document as Unicode text, BOM removed. */
  text: string;
  /** The charset actually used, lower-case (e.g. "utf-8", "windows-1251", "utf-16le"). */
  encoding: string;
  /**
   * Where that charset came from: "sniffed" = UTF-16/32 recognised by the `<?` byte pattern;
   * "content" = the bytes are valid UTF-8, which overrode a legacy label.
   */
  source: CharsetSource;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** WHATWG Encoding maps these Latin-1 labels to windows-1252; real feeds need the same. */
const LABEL_ALIASES: Readonly<Record<string, string>> = {
  "iso-8859-1": "windows-1252",
  "iso8859-1": "windows-1252",
  iso_8859_1: "windows-1252",
  latin1: "windows-1252",
  "latin-1": "windows-1252",
  "us-ascii": "windows-1252",
  ascii: "windows-1252",
  utf8: "utf-8",
  "utf-16": "utf-16le",
  "utf-32": "utf-32le",
};

/** Decodes a fetched body; throws FeedParseError("UNDECODABLE") naming the feed and the charset. */
export function decodeFeedBody(body: Buffer, contentType: string | null, feedUrl: string): DecodedBody {
  const byteOrder = detectByteOrder(body);
  if (byteOrder) return decodeWith(body.subarray(byteOrder.skip), byteOrder.encoding, byteOrder.source, feedUrl);
  const header = charsetFromContentType(contentType);
  const prolog = charsetFromProlog(body);
  if (!header) return decodeDeclared(body, prolog, "prolog", feedUrl);
  try {
    return decodeDeclared(body, header, "header", feedUrl);
  } catch (error) {
    // A wrong header charset is common (servers default to utf-8); the document's own is next.
    if (prolog && normalizeLabel(prolog) !== normalizeLabel(header)) {
      return decodeDeclared(body, prolog, "prolog", feedUrl);
    }
    throw error;
  }
}

/** Reads `charset=` from a Content-Type header value, e.g. `text/xml; charset="KOI8-R"`. */
export function charsetFromContentType(contentType: string | null): string | null {
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? "");
  return match?.[2]?.toLowerCase() ?? null;
}

/** Reads encoding="..." from the XML declaration; the bytes before it are ASCII in any legal case. */
export function charsetFromProlog(body: Buffer): string | null {
  const head = body.subarray(0, 512).toString("latin1");
  const match = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}

interface ByteOrder {
  encoding: string;
  skip: number;
  source: CharsetSource;
}

/** BOMs, then BOM-less UTF-16/32 recognised by how `<` or `<?` is laid out (XML 1.0 Appendix F). */
function detectByteOrder(body: Buffer): ByteOrder | null {
  const [b0, b1, b2, b3] = [body[0], body[1], body[2], body[3]];
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return bom("utf-32be", 4);
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return bom("utf-32le", 4);
  if (b0 === UTF8_BOM[0] && b1 === UTF8_BOM[1] && b2 === UTF8_BOM[2]) return bom("utf-8", 3);
  if (b0 === 0xfe && b1 === 0xff) return bom("utf-16be", 2);
  if (b0 === 0xff && b1 === 0xfe) return bom("utf-16le", 2);
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0x00 && b3 === 0x3c) return sniffed("utf-32be");
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x00 && b3 === 0x00) return sniffed("utf-32le");
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 !== 0x00) return sniffed("utf-16be");
  if (b0 === 0x3c && b1 === 0x00 && b2 !== 0x00 && b3 === 0x00) return sniffed("utf-16le");
  return null;
}

function bom(encoding: string, skip: number): ByteOrder {
  return { encoding, skip, source: "bom" };
}

function sniffed(encoding: string): ByteOrder {
  return { encoding, skip: 0, source: "sniffed" };
}

function normalizeLabel(label: string): string {
  const lower = label.trim().toLowerCase();
  return LABEL_ALIASES[lower] ?? lower;
}

function isUtf8Label(label: string): boolean {
  return normalizeLabel(label) === "utf-8";
}

function isUnicodeWide(label: string): boolean {
  return /^(utf-?16|utf-?32|ucs-?2|ucs-?4)/.test(normalizeLabel(label));
}

function decodeDeclared(body: Buffer, label: string | null, source: CharsetSource, feedUrl: string): DecodedBody {
  if (!label) return decodeUtf8(body, "default", feedUrl);
  if (isUnicodeWide(label)) return decodeWith(body, normalizeLabel(label), source, feedUrl);
  if (isUtf8Label(label)) return decodeUtf8(body, source, feedUrl);
  return decodeLegacy(body, label, source, feedUrl);
}

/** UTF-8, tolerating stray bytes (≤ 10 % of the non-ASCII characters) but not a wrong charset. */
function decodeUtf8(body: Buffer, source: CharsetSource, feedUrl: string): DecodedBody {
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(body);
  if (!text.includes("\ufffd")) return { text, encoding: "utf-8", source };
  const replaced = countChar(text, "\ufffd") - countLiteralReplacementChars(body);
  if (replaced > 0 && replaced * 10 > countNonAscii(text) - replaced) {
    const declared = source === "default" ? "no charset is declared" : `the ${source} says utf-8`;
    throw new FeedParseError(
      "UNDECODABLE",
      feedUrl,
      `body is not valid UTF-8 (${replaced} invalid byte sequences) and ${declared}`,
    );
  }
  return { text, encoding: "utf-8", source };
}

/** A legacy label: trust valid UTF-8 over it (labels lie), else decode with iconv-lite. */
function decodeLegacy(body: Buffer, label: string, source: CharsetSource, feedUrl: string): DecodedBody {
  if (isStrictUtf8(body)) return { text: body.toString("utf8"), encoding: "utf-8", source: "content" };
  return decodeWith(body, normalizeLabel(label), source, feedUrl);
}

function decodeWith(body: Buffer, encoding: string, source: CharsetSource, feedUrl: string): DecodedBody {
  if (encoding === "utf-8") return decodeUtf8(body, source, feedUrl);
  if (!isKnownEncoding(encoding)) {
    throw new FeedParseError(
      "UNDECODABLE",
      feedUrl,
      `unknown charset "${encoding}" (from the ${source}) and the body is not valid UTF-8`,
    );
  }
  const text = iconv.decode(body, encoding, { stripBOM: true });
  return { text, encoding, source };
}

/** iconv-lite's check, without its type guard (which would make the label `never` when false). */
function isKnownEncoding(encoding: string): boolean {
  return iconv.encodingExists(encoding);
}

function isStrictUtf8(body: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

function countChar(text: string, char: string): number {
  let count = 0;
  for (let index = text.indexOf(char); index !== -1; index = text.indexOf(char, index + 1)) count += 1;
  return count;
}

/** U+FFFD written in the document itself (bytes EF BF BD) is content, not a decoding failure. */
function countLiteralReplacementChars(body: Buffer): number {
  let count = 0;
  const needle = Buffer.from([0xef, 0xbf, 0xbd]);
  for (let index = body.indexOf(needle); index !== -1; index = body.indexOf(needle, index + 3)) count += 1;
  return count;
}

function countNonAscii(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) if (text.charCodeAt(index) > 0x7f) count += 1;
  return count;
}
