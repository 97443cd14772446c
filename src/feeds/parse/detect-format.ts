/**
 * Decides which format a decoded document is in, from its first significant bytes: `{` for JSON
 * Feed, else the XML root element (after the declaration, comments, PIs and DOCTYPE), its
 * `version` attribute and namespace. Like miniflux's parser.DetectFeedFormat, this decides
 * everything up front, so the per-format parsers never guess.
 */
import { type FeedFormat, FeedParseError } from "./parsed-feed.js";
import { NS } from "./xml-tree.js";

export interface DetectedFormat {
  format: FeedFormat;
  /** Offset of the document proper (the `<` of the XML declaration or root, or the `{`). */
  start: number;
  /** XML only: the root element name as written (e.g. "rdf:RDF"); null for JSON. */
  rootName: string | null;
}

const NETSCAPE_RSS_090 = ["http://my.netscape.com/rdf/simple/0.9/", "http://channel.netscape.com/rdf/simple/0.9/"];

/** Throws FeedParseError EMPTY (nothing there) or UNSUPPORTED_FORMAT (HTML, CDF, any other XML). */
export function detectFormat(text: string, feedUrl: string): DetectedFormat {
  const first = text.search(/[^\s\ufeff]/);
  if (first === -1) throw new FeedParseError("EMPTY", feedUrl, "the document is empty");
  if (text[first] === "{") return { format: detectJsonVersion(text), start: first, rootName: null };
  const start = text[first] === "<" ? first : findMarkupStart(text, first);
  const root = findRootElement(text, start);
  if (!root) throw new FeedParseError("UNSUPPORTED_FORMAT", feedUrl, "no XML root element or JSON object found");
  const format = formatOfRoot(root);
  if (!format) throw new FeedParseError("UNSUPPORTED_FORMAT", feedUrl, describeUnsupported(root.name));
  return { format, start, rootName: root.name };
}

/** JSON Feed 1.1 says `https://jsonfeed.org/version/1.1`; gofeed also writes a bare "1.1". */
function detectJsonVersion(text: string): FeedFormat {
  const version = /"version"\s*:\s*"([^"]*)"/.exec(text.slice(0, 4096))?.[1] ?? "";
  return /(^|\/)1\.1$/.test(version.trim()) ? "json1.1" : "json1.0";
}

/** Junk printed before the XML (a PHP warning): start at the declaration or the first feed root. */
function findMarkupStart(text: string, from: number): number {
  const match = /<\?xml\s|<(?:[\w.-]+:)?(?:rss|RDF|feed)[\s>]/.exec(text.slice(from, from + 65536));
  return match ? from + match.index : from;
}

interface RootElement {
  name: string;
  local: string;
  attrs: Map<string, string>;
}

const ROOT_TAG = /<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/y;
const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Skips the prolog (declaration, PIs, comments, DOCTYPE with internal subset) to the root tag. */
function findRootElement(text: string, start: number): RootElement | null {
  let position = start;
  for (let guard = 0; guard < 1000; guard += 1) {
    position = skipWhitespace(text, position);
    if (text.startsWith("<?", position)) position = endOf(text, "?>", position);
    else if (text.startsWith("<!--", position)) position = endOf(text, "-->", position);
    else if (/^<!doctype/i.test(text.slice(position, position + 9))) position = endOfDoctype(text, position);
    else break;
    if (position === -1) return null;
  }
  ROOT_TAG.lastIndex = position;
  const match = ROOT_TAG.exec(text);
  if (!match?.[1]) return null;
  const attrs = new Map<string, string>();
  for (const attribute of (match[2] ?? "").matchAll(ATTRIBUTE)) {
    attrs.set(attribute[1] ?? "", attribute[2] ?? attribute[3] ?? "");
  }
  const name = match[1];
  return { name, local: name.slice(name.indexOf(":") + 1), attrs };
}

function skipWhitespace(text: string, position: number): number {
  const next = text.slice(position).search(/[^\s\ufeff]/);
  return next === -1 ? text.length : position + next;
}

function endOf(text: string, terminator: string, from: number): number {
  const index = text.indexOf(terminator, from);
  return index === -1 ? -1 : index + terminator.length;
}

/** A DOCTYPE ends at the first `>` after its internal subset `[...]`, if it has one. */
function endOfDoctype(text: string, from: number): number {
  const bracket = text.indexOf("[", from);
  const close = text.indexOf(">", from);
  if (close === -1) return -1;
  if (bracket === -1 || bracket > close) return close + 1;
  return endOf(text, "]", bracket) === -1 ? -1 : endOf(text, ">", text.indexOf("]", bracket));
}

function formatOfRoot(root: RootElement): FeedFormat | null {
  const namespace = namespaceOf(root);
  switch (root.local.toLowerCase()) {
    case "rss":
      return /^0\.9/.test(root.attrs.get("version") ?? "") ? "rss0.9x" : "rss2.0";
    case "rdf":
      return NETSCAPE_RSS_090.some((ns) => hasNamespace(root, ns)) ? "rss0.9x" : "rss1.0";
    case "feed":
      return namespace === NS.atom ? "atom1.0" : "atom0.3";
    default:
      return null;
  }
}

/** The namespace of the root element itself: xmlns, or xmlns:<its prefix>. */
function namespaceOf(root: RootElement): string | null {
  const colon = root.name.indexOf(":");
  const key = colon === -1 ? "xmlns" : `xmlns:${root.name.slice(0, colon)}`;
  return root.attrs.get(key) ?? null;
}

function hasNamespace(root: RootElement, uri: string): boolean {
  for (const [name, value] of root.attrs) if (name.startsWith("xmlns") && value === uri) return true;
  return false;
}

function describeUnsupported(rootName: string): string {
  const local = rootName.slice(rootName.indexOf(":") + 1).toLowerCase();
  if (local === "html") return "this is an HTML page, not a feed";
  return `root element <${rootName}> is not RSS, RDF, Atom or JSON Feed`;
}
