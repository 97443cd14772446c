/**
 * Atom 1.0 (RFC 4287) and Atom 0.3 raw trees to ParsedFeed. rss-parser's own Atom builder is not
 * used: it keeps one author, no categories, no enclosures, no xml:base, and throws a RangeError
 * on an unparseable <published>. Text constructs (§3.1): titles stay as written (XHTML unwrapped
 * from its div); summaries and content become HTML (plain text escaped, XHTML unwrapped).
 */
import { baseOf, escapeHtml, firstOf, linkWithOwnBase, toEnclosure, uniqueStrings } from "./adapter-helpers.js";
import { type FeedFormat, type ParsedEnclosure, type ParsedFeed, type ParsedItem } from "./parsed-feed.js";
import { attr, children, childText, firstChild, NS, prefixOf, QNames, textOf, type XmlDocument } from "./xml-tree.js";

interface AtomContext {
  names: QNames;
  documentUrl: string;
}

type TextKind = "text" | "html" | "xhtml";

export function adaptAtom(doc: XmlDocument, format: FeedFormat, documentUrl: string): ParsedFeed {
  const names = new QNames(doc.prefixes, prefixOf(doc.rootName));
  const context: AtomContext = { names, documentUrl };
  const feed = doc.root;
  const base = baseOf(feed, null, documentUrl);
  const core = (local: string) => names.core(local);
  return {
    format,
    title: textConstruct(firstChild(feed, core("title")), "raw"),
    siteUrl: alternateLink(feed, base, context),
    description: firstOf(
      textConstruct(firstChild(feed, core("subtitle")), "html"),
      textConstruct(firstChild(feed, core("tagline")), "html"),
    ),
    ttlMinutes: null,
    baseUrl: base,
    authors: personNames(feed, core("author")),
    items: children(feed, core("entry")).map((entry) => adaptEntry(entry, baseOf(entry, base, documentUrl), context)),
  };
}

function adaptEntry(entry: unknown, base: string | null, context: AtomContext): ParsedItem {
  const { names } = context;
  const core = (local: string) => names.core(local);
  const content = firstChild(entry, core("content"));
  return {
    guid: childText(entry, core("id")),
    link: firstOf(alternateLink(entry, base, context), attr(content, "src")?.trim()),
    title: textConstruct(firstChild(entry, core("title")), "raw"),
    summary: textConstruct(firstChild(entry, core("summary")), "html"),
    content: attr(content, "src") === null ? textConstruct(content, "html") : null,
    published: firstOf(
      childText(entry, core("published")),
      childText(entry, core("issued")),
      childText(entry, core("created")),
      childText(entry, names.of(NS.dc, "date", "dc")),
    ),
    updated: firstOf(childText(entry, core("updated")), childText(entry, core("modified"))),
    authors: personNames(entry, core("author")),
    categories: uniqueStrings([
      ...children(entry, core("category")).map((node) => firstOf(attr(node, "term"), attr(node, "label"))),
      ...children(entry, names.of(NS.dc, "subject", "dc")).map((node) => textOf(node)),
    ]),
    enclosures: enclosureLinks(entry, names),
    baseUrl: base,
  };
}

/** rel="alternate" (the default, RFC 4287 §4.2.7.2), preferring an HTML type; own xml:base applied. */
function alternateLink(node: unknown, base: string | null, context: AtomContext): string | null {
  const alternates = children(node, context.names.core("link")).filter(
    (link) => (attr(link, "rel")?.trim() || "alternate") === "alternate" && attr(link, "href")?.trim(),
  );
  const preferred = alternates.find((link) => /html/i.test(attr(link, "type") ?? "text/html")) ?? alternates[0];
  const href = attr(preferred, "href")?.trim();
  return href ? linkWithOwnBase(preferred, href, base, context.documentUrl) : null;
}

function enclosureLinks(entry: unknown, names: QNames): ParsedEnclosure[] {
  return children(entry, names.core("link"))
    .filter((link) => attr(link, "rel")?.trim() === "enclosure")
    .map((link) => toEnclosure(attr(link, "href"), attr(link, "type"), attr(link, "length")))
    .filter((enclosure): enclosure is ParsedEnclosure => enclosure !== null);
}

/** Person constructs (§3.2): the name, else the e-mail address. */
function personNames(node: unknown, name: string): string[] {
  const prefix = prefixOf(name);
  const local = (child: string) => (prefix ? `${prefix}:${child}` : child);
  return uniqueStrings(
    children(node, name).map((person) => firstOf(childText(person, local("name")), childText(person, local("email")))),
  );
}

/** A text construct as written ("raw") or as HTML ("html"); null when absent or blank. */
function textConstruct(node: unknown, want: "raw" | "html"): string | null {
  const raw = textOf(node);
  if (raw === null || !raw.trim()) return null;
  const kind = textKind(node);
  const value = (kind === "xhtml" ? unwrapXhtml(raw) : decodeMode(node, raw)).trim();
  return want === "html" && kind === "text" ? escapeHtml(value) : value || null;
}

/**
 * Atom 1.0 `type` is text|html|xhtml or a MIME type (§4.1.3.3: other than XML and text/*, the
 * content is base64); Atom 0.3 uses MIME types plus `mode` (escaped|base64|xml).
 */
function textKind(node: unknown): TextKind {
  const type = (attr(node, "type") ?? "").trim().toLowerCase();
  if (type === "xhtml" || type === "application/xhtml+xml") return "xhtml";
  if (type === "html" || type === "text/html") return "html";
  if (type === "" && attr(node, "mode")?.trim().toLowerCase() === "escaped") return "html";
  return "text";
}

/**
 * Base64: Atom 0.3 mode="base64", and (RFC 4287 §4.1.3.3) a non-text, non-XML MIME type. The RFC
 * allows MIME types on atom:content only, but feedparser and gofeed decode them on any text
 * construct, and so do we.
 */
function decodeMode(node: unknown, raw: string): string {
  const type = (attr(node, "type") ?? "").trim().toLowerCase();
  const binary = type.includes("/") && !type.startsWith("text/") && !type.includes("xml");
  if (!binary && attr(node, "mode")?.trim().toLowerCase() !== "base64") return raw;
  return Buffer.from(raw.trim(), "base64").toString("utf8");
}

/** XHTML content is one wrapping div (RFC 4287 §3.1.1.3) with possibly prefixed elements. */
function unwrapXhtml(raw: string): string {
  const unprefixed = raw.replace(/<(\/?)[A-Za-z_][\w.-]*:(?=[A-Za-z_])/g, "<$1");
  const wrapped = /^\s*<div\b[^>]*>([\s\S]*)<\/div\s*>\s*$/i.exec(unprefixed);
  return wrapped?.[1] ?? unprefixed;
}
