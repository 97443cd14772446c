/**
 * XML text to the raw element tree, through rss-parser. rss-parser's `parseString` is
 * promise-only, but all it does before building its own (lossy) result is run its xml2js parser
 * (strict sax, `$` = attributes, `_` = text, every child in an array), which calls back
 * synchronously. parseFeed must stay synchronous, so we call that parser directly and keep the
 * raw tree; the per-format adapters read it. xml2js ≥ 0.5 builds nodes with Object.create(null),
 * so elements named `__proto__` or `constructor` are plain own keys (CVE-2023-0842, RELIABILITY C2).
 *
 * Everything here treats the tree as `unknown` and narrows on each read: hostile documents produce
 * shapes (an element named `_`, text where an element is expected) that must not throw.
 */
import RssParser from "rss-parser";

import { FeedParseError } from "./parsed-feed.js";

/** The part of rss-parser's (untyped) internal xml2js parser that we call. */
interface RawXmlParser {
  parseString(xml: string, callback: (error: unknown, result: unknown) => void): unknown;
}

export interface XmlDocument {
  /** Root element name as written, e.g. "rss", "rdf:RDF", "a:feed". */
  rootName: string;
  root: unknown;
  /** Namespace URI to the prefix the document binds it to ("" = default namespace). */
  prefixes: ReadonlyMap<string, string>;
}

export const NS = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  dcterms: "http://purl.org/dc/terms/",
  itunes: "http://www.itunes.com/dtds/podcast-1.0.dtd",
  rss10: "http://purl.org/rss/1.0/",
} as const;

type ParseOutcome = { ok: true; result: unknown } | { ok: false; error: unknown };

/**
 * Parses prepared XML text (see xml-prep.ts). A document the strict parser rejects gets one more
 * try in sax's non-strict mode (mismatched or unclosed tags, unquoted attributes), as feedparser
 * falls back to its loose parser; if that fails too, throws FeedParseError("MALFORMED") with the
 * strict parser's reason.
 */
export function parseXmlDocument(xml: string, feedUrl: string, rootName: string): XmlDocument {
  const strict = runRawParser(xml, false);
  if (strict.ok && strict.result !== null) return toDocument(strict.result, feedUrl);
  // Closing the root ourselves lets the loose parser finish a truncated document (`</rss` at EOF).
  const loose = runRawParser(`${xml}\n></${rootName}>`, true);
  if (loose.ok && loose.result !== null) return toDocument(loose.result, feedUrl);
  const reason = strict.ok ? "no root element" : describeSaxError(strict.error);
  throw new FeedParseError("MALFORMED", feedUrl, `not well-formed XML (${reason})`, {
    cause: strict.ok ? undefined : strict.error,
  });
}

function runRawParser(xml: string, loose: boolean): ParseOutcome {
  let outcome: ParseOutcome | null = null;
  try {
    createRawParser(loose).parseString(xml, (error, result) => {
      outcome ??= error ? { ok: false, error } : { ok: true, result };
    });
  } catch (error) {
    // xml2js rethrows sax errors raised after the root element closed (trailing junk); the tree
    // is complete by then, so a result already delivered wins.
    outcome ??= { ok: false, error };
  }
  return outcome ?? { ok: false, error: new Error("the XML parser returned nothing") };
}

/**
 * Non-strict sax upper-cases element and attribute names; we lower-case them and restore the
 * mixed-case names the adapters read. Namespace prefixes end up lower-case on both sides
 * (declarations and elements), so prefix lookups still agree.
 */
const MIXED_CASE_NAMES = new Map(
  ["pubDate", "managingEditor", "webMaster", "lastBuildDate", "isPermaLink", "rdf:RDF", "textInput"].map(
    (name): [string, string] => [name.toLowerCase(), name],
  ),
);

function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return MIXED_CASE_NAMES.get(lower) ?? lower;
}

const LOOSE_XML2JS_OPTIONS = { strict: false, tagNameProcessors: [canonicalName], attrNameProcessors: [canonicalName] };

function createRawParser(loose: boolean): RawXmlParser {
  const holder: unknown = new RssParser(loose ? { xml2js: LOOSE_XML2JS_OPTIONS } : {});
  const xmlParser = isRecord(holder) ? holder["xmlParser"] : undefined;
  if (!isRecord(xmlParser) || typeof xmlParser["parseString"] !== "function") {
    throw new Error("rss-parser no longer exposes its xml2js parser (xmlParser.parseString); check its version");
  }
  return xmlParser as unknown as RawXmlParser;
}

function toDocument(result: unknown, feedUrl: string): XmlDocument {
  const rootName = isRecord(result) ? Object.keys(result)[0] : undefined;
  if (!isRecord(result) || rootName === undefined) {
    throw new FeedParseError("EMPTY", feedUrl, "the document has no root element");
  }
  const root = result[rootName];
  return { rootName, root, prefixes: collectPrefixes(root) };
}

/** xmlns declarations on the root and its first-level children (where feeds put them). */
function collectPrefixes(root: unknown): Map<string, string> {
  const prefixes = new Map<string, string>();
  const declare = (node: unknown): void => {
    for (const [name, value] of Object.entries(attributes(node))) {
      if (name === "xmlns" && !prefixes.has(value)) prefixes.set(value, "");
      if (name.startsWith("xmlns:") && !prefixes.has(value)) prefixes.set(value, name.slice(6));
    }
  };
  declare(root);
  if (isRecord(root)) {
    for (const [key, value] of Object.entries(root)) if (key !== "$" && Array.isArray(value)) value.forEach(declare);
  }
  return prefixes;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The child elements named `name` (a qualified name as written); [] when absent or malformed. */
export function children(node: unknown, name: string): unknown[] {
  if (!isRecord(node) || name === "$" || name === "_") return [];
  const value = node[name];
  return Array.isArray(value) ? value : [];
}

export function firstChild(node: unknown, name: string): unknown {
  return children(node, name)[0];
}

/** The text of an element: xml2js gives a string, or an object with `_` when there are attributes. */
export function textOf(node: unknown): string | null {
  if (typeof node === "string") return node;
  if (!isRecord(node)) return null;
  const text = node["_"];
  return typeof text === "string" ? text : "";
}

/** Text of the first `name` child, trimmed; null when absent or empty. */
export function childText(node: unknown, name: string): string | null {
  const text = textOf(firstChild(node, name))?.trim();
  return text ? text : null;
}

export function attributes(node: unknown): Record<string, string> {
  if (!isRecord(node)) return {};
  const attrs = node["$"];
  return isRecord(attrs) ? (attrs as Record<string, string>) : {};
}

export function attr(node: unknown, name: string): string | null {
  const value = attributes(node)[name];
  return typeof value === "string" ? value : null;
}

/**
 * Qualified element names for one document. `core` is the prefix of the format's own vocabulary
 * (usually none; `r:` in `<r:rss xmlns:r=...>`); modules use the prefix the document bound their
 * namespace URI to, else the conventional one.
 */
export class QNames {
  constructor(
    private readonly prefixes: ReadonlyMap<string, string>,
    private readonly corePrefix: string,
  ) {}

  core(local: string): string {
    return this.corePrefix ? `${this.corePrefix}:${local}` : local;
  }

  of(namespaceUri: string, local: string, conventionalPrefix: string): string {
    const prefix = this.prefixes.get(namespaceUri) ?? conventionalPrefix;
    return prefix ? `${prefix}:${local}` : local;
  }
}

/** The prefix of a qualified name ("" when unprefixed). */
export function prefixOf(qualifiedName: string): string {
  const colon = qualifiedName.indexOf(":");
  return colon === -1 ? "" : qualifiedName.slice(0, colon);
}

function describeSaxError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").trim().slice(0, 200);
}
