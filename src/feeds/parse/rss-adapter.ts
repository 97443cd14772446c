/**
 * RSS 0.9x, 2.0 and RDF (RSS 0.90 and 1.0) raw trees to ParsedFeed, in the spirit of miniflux's
 * rss/adapter.go: the raw xml2js shape stays here, the rest of the app sees ParsedFeed.
 * Tolerated on purpose: `<rss>` without a version, without a `<channel>` (an empty feed), items
 * outside the channel (RSS 0.90 style), a prefixed core vocabulary (`<r:rss xmlns:r=...>`).
 */
import { baseOf, firstOf, linkWithOwnBase, toEnclosure, uniqueStrings } from "./adapter-helpers.js";
import { type FeedFormat, type ParsedEnclosure, type ParsedFeed, type ParsedItem } from "./parsed-feed.js";
import { attr, children, childText, firstChild, NS, prefixOf, QNames, textOf, type XmlDocument } from "./xml-tree.js";

const NETSCAPE_090 = "http://my.netscape.com/rdf/simple/0.9/";

interface RssContext {
  names: QNames;
  documentUrl: string;
}

/** Maps an RSS/RDF document; `format` comes from detect-format.ts. */
export function adaptRss(doc: XmlDocument, format: FeedFormat, documentUrl: string): ParsedFeed {
  const names = new QNames(doc.prefixes, corePrefix(doc));
  const context: RssContext = { names, documentUrl };
  const root = doc.root;
  const channel = firstChild(root, names.core("channel"));
  const rootBase = baseOf(root, null, documentUrl);
  const channelBase = baseOf(channel, rootBase, documentUrl);
  const itemNodes = [...children(channel, names.core("item")), ...children(root, names.core("item"))];
  return {
    format,
    title: firstOf(childText(channel, names.core("title")), childText(channel, names.of(NS.dc, "title", "dc"))),
    siteUrl: firstOf(linkOf(channel, channelBase, context)),
    description: firstOf(
      rawText(channel, names.core("description")),
      rawText(channel, names.of(NS.dc, "description", "dc")),
      rawText(channel, names.of(NS.itunes, "summary", "itunes")),
    ),
    ttlMinutes: ttlOf(childText(channel, names.core("ttl"))),
    baseUrl: channelBase,
    authors: uniqueStrings([
      childText(channel, names.core("managingEditor")),
      ...texts(channel, names.of(NS.dc, "creator", "dc")),
      childText(channel, names.of(NS.itunes, "author", "itunes")),
    ]),
    items: itemNodes.map((item) => adaptItem(item, baseOf(item, channelBase, documentUrl), context)),
  };
}

/** RDF keeps RSS 1.0 (or 0.90) elements in their own namespace; `<rss>` uses its root's prefix. */
function corePrefix(doc: XmlDocument): string {
  if (!/(^|:)RDF$/i.test(doc.rootName)) return prefixOf(doc.rootName);
  return doc.prefixes.get(NS.rss10) ?? doc.prefixes.get(NETSCAPE_090) ?? "";
}

function adaptItem(item: unknown, base: string | null, context: RssContext): ParsedItem {
  const { names } = context;
  const dc = (local: string) => names.of(NS.dc, local, "dc");
  const dcterms = (local: string) => names.of(NS.dcterms, local, "dcterms");
  const guid = firstOf(childText(item, names.core("guid")), attr(item, "rdf:about"), childText(item, dc("identifier")));
  return {
    guid,
    link: firstOf(linkOf(item, base, context), permalinkGuid(item, names)),
    title: firstOf(childText(item, names.core("title")), childText(item, dc("title"))),
    summary: firstOf(
      rawText(item, names.core("description")),
      rawText(item, dc("description")),
      rawText(item, names.of(NS.itunes, "summary", "itunes")),
    ),
    content: firstOf(rawText(item, names.of(NS.content, "encoded", "content")), rawText(item, names.core("body"))),
    published: firstOf(
      childText(item, names.core("pubDate")),
      childText(item, dc("date")),
      childText(item, dcterms("issued")),
      childText(item, dcterms("created")),
    ),
    updated: firstOf(childText(item, dcterms("modified")), childText(item, names.of(NS.atom, "updated", "atom"))),
    authors: uniqueStrings([
      ...texts(item, names.core("author")),
      ...texts(item, dc("creator")),
      childText(item, names.of(NS.itunes, "author", "itunes")),
    ]),
    categories: uniqueStrings([...texts(item, names.core("category")), ...texts(item, dc("subject"))]),
    enclosures: enclosuresOf(item, names),
    baseUrl: base,
  };
}

/** `<link>` text; else an Atom-style `<link href>`; else `<atom:link rel="alternate">`. */
function linkOf(node: unknown, base: string | null, context: RssContext): string | null {
  for (const link of children(node, context.names.core("link"))) {
    const href = textOf(link)?.trim() || attr(link, "href")?.trim();
    if (href) return linkWithOwnBase(link, href, base, context.documentUrl);
  }
  for (const link of children(node, context.names.of(NS.atom, "link", "atom"))) {
    const rel = attr(link, "rel") ?? "alternate";
    const href = attr(link, "href")?.trim();
    if (rel === "alternate" && href) return href;
  }
  return null;
}

/** RSS 2.0: a guid is the item's permalink unless isPermaLink="false". */
function permalinkGuid(item: unknown, names: QNames): string | null {
  const guid = firstChild(item, names.core("guid"));
  const value = textOf(guid)?.trim();
  if (!value || attr(guid, "isPermaLink")?.trim().toLowerCase() === "false") return null;
  return /^https?:\/\//i.test(value) ? value : null;
}

function enclosuresOf(item: unknown, names: QNames): ParsedEnclosure[] {
  const enclosures: ParsedEnclosure[] = [];
  const seen = new Set<string>();
  for (const node of children(item, names.core("enclosure"))) {
    const enclosure = toEnclosure(attr(node, "url"), attr(node, "type"), attr(node, "length"));
    if (enclosure && !seen.has(enclosure.url)) {
      seen.add(enclosure.url);
      enclosures.push(enclosure);
    }
  }
  return enclosures;
}

/** Text of every `name` child (categories, creators). */
function texts(node: unknown, name: string): (string | null)[] {
  return children(node, name).map((child) => textOf(child));
}

/** HTML-carrying text, trimmed but otherwise as written; null when absent or blank. */
function rawText(node: unknown, name: string): string | null {
  const text = textOf(firstChild(node, name));
  return text?.trim() ? text.trim() : null;
}

function ttlOf(value: string | null): number | null {
  const minutes = value === null ? Number.NaN : Number(value);
  return Number.isSafeInteger(minutes) && minutes > 0 ? minutes : null;
}
