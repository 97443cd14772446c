import { XMLParser, XMLValidator } from "fast-xml-parser";

/**
 * OPML 2.0 (http://opml.org/spec2.opml) import and export of the feed list. Import takes
 * untrusted text: it is size-capped, refuses DTDs (no entity expansion, so no billion laughs),
 * is validated as XML, and is narrowed from `unknown` node by node. Export escapes every value.
 */

/** A feed line of an OPML document, still raw: the URL is not normalised or checked yet. */
export interface OpmlFeed {
  url: string;
  title: string;
  siteUrl: string | null;
  tags: string[];
}

export interface OpmlDocument {
  title: string | null;
  feeds: OpmlFeed[];
}

export type OpmlErrorCode = "TOO_LARGE" | "DTD_REFUSED" | "MALFORMED" | "NOT_OPML" | "TOO_MANY_FEEDS";

export class OpmlError extends Error {
  override readonly name = "OpmlError";
  constructor(
    readonly code: OpmlErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`OPML: ${message}`, options);
  }
}

export const OPML_LIMITS = { maxBytes: 2 * 1024 * 1024, maxFeeds: 5_000, maxDepth: 20 } as const;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  isArray: (name) => name === "outline",
  parseAttributeValue: false,
  parseTagValue: false,
  // Entities are decoded once by decodeXmlEntities below; the parser must not expand any.
  processEntities: false,
  maxNestedTags: OPML_LIMITS.maxDepth + 5,
});

/** Parses an OPML document into its feed lines; throws an OpmlError saying why it cannot. */
export function parseOpml(text: string): OpmlDocument {
  if (Buffer.byteLength(text, "utf8") > OPML_LIMITS.maxBytes) {
    throw new OpmlError("TOO_LARGE", `document exceeds ${OPML_LIMITS.maxBytes} bytes`);
  }
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) {
    throw new OpmlError("DTD_REFUSED", "DOCTYPE and ENTITY declarations are refused");
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new OpmlError("MALFORMED", `not well-formed XML (${valid.err.msg}, line ${valid.err.line})`);
  }
  let root: unknown;
  try {
    root = parser.parse(text);
  } catch (error) {
    throw new OpmlError("MALFORMED", error instanceof Error ? error.message : String(error), { cause: error });
  }
  const opml = child(root, "opml");
  const body = child(opml, "body");
  if (!isRecord(opml) || !isRecord(body)) throw new OpmlError("NOT_OPML", "no <opml><body> element");
  const feeds: OpmlFeed[] = [];
  collectFeeds(body, [], feeds, 0);
  return { title: textOf(child(child(opml, "head"), "title")), feeds };
}

function collectFeeds(node: Record<string, unknown>, folders: string[], into: OpmlFeed[], depth: number): void {
  if (depth > OPML_LIMITS.maxDepth) return;
  const outlines = child(node, "outline");
  if (!Array.isArray(outlines)) return;
  for (const outline of outlines as unknown[]) {
    if (!isRecord(outline)) continue;
    const url = attribute(outline, "xmlUrl");
    const label = attribute(outline, "title") ?? attribute(outline, "text");
    if (url !== null) {
      if (into.length >= OPML_LIMITS.maxFeeds) {
        throw new OpmlError("TOO_MANY_FEEDS", `more than ${OPML_LIMITS.maxFeeds} feeds`);
      }
      into.push({
        url: url.trim(),
        title: label ?? "",
        siteUrl: attribute(outline, "htmlUrl"),
        tags: uniqueTags([...folders, ...categoryTags(attribute(outline, "category"))]),
      });
    }
    collectFeeds(outline, label !== null && url === null ? [...folders, label] : folders, into, depth + 1);
  }
}

/** OPML `category`: comma-separated, each a slash-delimited path; every path segment is a tag. */
function categoryTags(category: string | null): string[] {
  if (category === null) return [];
  return category.split(",").flatMap((path) => path.split("/"));
}

function uniqueTags(tags: string[]): string[] {
  const cleaned = tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag.length > 0 && tag.length <= 64);
  return [...new Set(cleaned)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function child(node: unknown, name: string): unknown {
  return isRecord(node) && Object.hasOwn(node, name) ? node[name] : undefined;
}

function attribute(node: Record<string, unknown>, name: string): string | null {
  const value = child(node, `@_${name}`);
  if (typeof value !== "string") return null;
  const decoded = decodeXmlEntities(value).trim();
  return decoded.length > 0 ? decoded : null;
}

function textOf(value: unknown): string | null {
  const raw = typeof value === "string" ? value : child(value, "#text");
  return typeof raw === "string" ? decodeXmlEntities(raw).trim() || null : null;
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** The five predefined entities and character references, decoded in one pass (never twice). */
function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (!ref.startsWith("#")) return NAMED[ref] ?? whole;
    const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Builds an OPML 2.0 document listing the feeds, one flat outline each, tags in `category`. */
export function buildOpml(feeds: readonly OpmlFeed[], options: { title: string; now: Date }): string {
  const lines = feeds.map((feed) => {
    const attributes: [string, string | null][] = [
      ["type", "rss"],
      ["text", feed.title || feed.url],
      ["title", feed.title || feed.url],
      ["xmlUrl", feed.url],
      ["htmlUrl", feed.siteUrl],
      // A tag holding a comma or a slash would split on re-import: those become spaces.
      ["category", feed.tags.length > 0 ? feed.tags.map((tag) => tag.replace(/[,/]/g, " ")).join(",") : null],
    ];
    const rendered = attributes
      .filter((pair): pair is [string, string] => pair[1] !== null)
      .map(([name, value]) => `${name}="${escapeXml(value)}"`);
    return `    <outline ${rendered.join(" ")}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    "  <head>",
    `    <title>${escapeXml(options.title)}</title>`,
    `    <dateCreated>${options.now.toUTCString()}</dateCreated>`,
    "  </head>",
    "  <body>",
    ...lines,
    "  </body>",
    "</opml>",
    "",
  ].join("\n");
}

/**
 * Escapes text for an XML 1.0 attribute or element. Characters XML 1.0 cannot carry at all
 * (controls, lone surrogates, U+FFFE/U+FFFF) are dropped; tab and newlines become character
 * references so attribute-value normalisation does not turn them into spaces.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}
