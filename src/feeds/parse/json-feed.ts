/**
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). The document is untrusted: it enters
 * as `unknown` and each field is narrowed where it is read; unknown members (including
 * `__proto__`, which JSON.parse keeps as a plain own key) are never copied.
 */
import { escapeHtml, firstOf, toEnclosure, uniqueStrings } from "./adapter-helpers.js";
import {
  type FeedFormat,
  FeedParseError,
  type ParsedEnclosure,
  type ParsedFeed,
  type ParsedItem,
} from "./parsed-feed.js";

type JsonObject = Record<string, unknown>;

export function parseJsonFeed(text: string, format: FeedFormat, feedUrl: string): ParsedFeed {
  const document = parseJson(text, feedUrl);
  if (!isObject(document) || !looksLikeJsonFeed(document)) {
    throw new FeedParseError("UNSUPPORTED_FORMAT", feedUrl, "JSON document is not a JSON Feed (no version or items)");
  }
  const items = Array.isArray(document["items"]) ? document["items"] : [];
  return {
    format,
    title: stringField(document, "title"),
    siteUrl: stringField(document, "home_page_url"),
    description: stringField(document, "description"),
    ttlMinutes: null,
    baseUrl: null,
    authors: authorNames(document),
    items: items.filter(isObject).map(adaptItem),
  };
}

function parseJson(text: string, feedUrl: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FeedParseError("MALFORMED", feedUrl, `not valid JSON (${reason.slice(0, 200)})`, { cause: error });
  }
}

/** The version URL (or gofeed's bare "1"/"1.1"), or at least an items array. */
function looksLikeJsonFeed(document: JsonObject): boolean {
  const version = stringField(document, "version") ?? "";
  return /jsonfeed\.org\/version\/1|^1(\.[01])?$/.test(version) || Array.isArray(document["items"]);
}

function adaptItem(item: JsonObject): ParsedItem {
  const contentText = stringField(item, "content_text");
  return {
    guid: idOf(item["id"]),
    link: firstOf(stringField(item, "url"), stringField(item, "external_url")),
    title: stringField(item, "title"),
    summary: escapeOrNull(stringField(item, "summary")),
    content: firstOf(stringField(item, "content_html"), escapeOrNull(contentText)),
    published: stringField(item, "date_published"),
    updated: stringField(item, "date_modified"),
    authors: authorNames(item),
    categories: uniqueStrings(arrayField(item, "tags").map((tag) => (typeof tag === "string" ? tag : null))),
    enclosures: attachments(item),
    baseUrl: null,
  };
}

/** JSON Feed ids are strings; numbers are common in the wild and kept in their decimal form. */
function idOf(id: unknown): string | null {
  if (typeof id === "string") return id.trim() || null;
  if (typeof id === "number" && Number.isFinite(id)) return String(id);
  return null;
}

/** 1.1 `authors` array, else the deprecated 1.0 `author` object. */
function authorNames(node: JsonObject): string[] {
  const authors = arrayField(node, "authors");
  const candidates = authors.length > 0 ? authors : [node["author"]];
  return uniqueStrings(candidates.map((author) => (isObject(author) ? stringField(author, "name") : null)));
}

function attachments(item: JsonObject): ParsedEnclosure[] {
  return arrayField(item, "attachments")
    .filter(isObject)
    .map((attachment) => {
      const size = attachment["size_in_bytes"];
      return toEnclosure(
        stringField(attachment, "url"),
        stringField(attachment, "mime_type"),
        typeof size === "number" ? String(size) : null,
      );
    })
    .filter((enclosure): enclosure is ParsedEnclosure => enclosure !== null);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringField(node: JsonObject, name: string): string | null {
  const value = Object.hasOwn(node, name) ? node[name] : undefined;
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

function arrayField(node: JsonObject, name: string): unknown[] {
  const value = Object.hasOwn(node, name) ? node[name] : undefined;
  return Array.isArray(value) ? value : [];
}

function escapeOrNull(text: string | null): string | null {
  return text === null ? null : escapeHtml(text);
}
