/**
 * HTML to plain text, for titles and summaries that are shown or searched as text (never rendered
 * as HTML). Not a sanitiser: the result is text that the UI escapes. It drops comments and the
 * contents of script/style/noscript/template, removes inline tags (`ft<sup>2</sup>` is "ft2") and
 * turns block-level tags and <br> into spaces (so paragraphs don't glue words together), decodes
 * character references and collapses whitespace.
 */
import { EXCLAMATION_MARK, SLASH } from "../normalize/char-codes.js";
import { HTML_NAMED_ENTITIES, XML_PREDEFINED_ENTITIES } from "./html-entities.js";
import { isXmlChar } from "./xml-prep.js";

/** Start of a script/style/noscript/template start tag (its end is the next ">"). */
const NON_TEXT_START_TAG = /<(script|style|noscript|template)\b/gi;
const NON_TEXT_END_TAGS: ReadonlyMap<string, RegExp> = new Map(
  ["script", "style", "noscript", "template"].map((name) => [name, new RegExp(`</${name}\\s*>`, "gi")]),
);
const COMMENTS = /<!--[\s\S]*?(?:-->|$)/g;
const BLOCK_TAGS = new Set(
  (
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header " +
    "hr img li main nav ol p pre section table tbody td tfoot th thead tr ul"
  ).split(" "),
);

export function htmlToText(html: string): string {
  if (!html.includes("<") && !html.includes("&")) return collapseWhitespace(html);
  let text = html;
  if (text.includes("<")) {
    if (text.includes("<!--")) text = text.replace(COMMENTS, " ");
    text = stripTags(withoutNonTextElements(text));
  }
  return collapseWhitespace(decodeHtmlEntities(text));
}

/**
 * Replaces each element that `<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>`
 * (case-insensitive) matches with a space. Written out because that pattern is quadratic on
 * unclosed elements (`<script>` x 20,000 took half a second): once an element has no end tag
 * after some point, no later element of that name has one either, and it is not searched again.
 */
function withoutNonTextElements(text: string): string {
  let result = "";
  let copiedUpTo = 0;
  let close = -1; // the first ">" after the current start tag's name, found once per stretch
  const unclosedAfter = new Map<string, number>();
  NON_TEXT_START_TAG.lastIndex = 0;
  for (let match = NON_TEXT_START_TAG.exec(text); match !== null; match = NON_TEXT_START_TAG.exec(text)) {
    const at = match.index;
    const name = (match[1] ?? "").toLowerCase();
    if (close !== -1 && close < NON_TEXT_START_TAG.lastIndex) close = -1;
    if (close === -1) close = text.indexOf(">", NON_TEXT_START_TAG.lastIndex);
    if (close === -1) break; // no ">" left: no start tag can end
    const endTag = (unclosedAfter.get(name) ?? Infinity) <= close ? null : findEndTag(text, name, close + 1);
    if (endTag === null) {
      unclosedAfter.set(name, close);
      NON_TEXT_START_TAG.lastIndex = at + 1;
      continue;
    }
    result += `${text.slice(copiedUpTo, at)} `;
    copiedUpTo = endTag;
    NON_TEXT_START_TAG.lastIndex = endTag;
  }
  return copiedUpTo === 0 ? text : result + text.slice(copiedUpTo);
}

/** Index just past the first `</name\s*>` at or after `from`, or null. */
function findEndTag(text: string, name: string, from: number): number | null {
  const pattern = NON_TEXT_END_TAGS.get(name);
  if (pattern === undefined) return null;
  pattern.lastIndex = from;
  return pattern.exec(text) === null ? null : pattern.lastIndex;
}

/**
 * Removes the tags that `<(\/?)([A-Za-z][\w:-]*)[^>]*>?|<![^>]*>` matches, without a regex
 * callback per tag: block-level tags (and `<!...>`) become a space, inline ones nothing; a "<"
 * that starts no tag stays. A tag runs to the next ">" (or the end of the text).
 */
function stripTags(text: string): string {
  let stripped = "";
  let copiedUpTo = 0;
  let close = -1; // the first ">" after the current "<", found once per stretch
  for (let at = text.indexOf("<"); at !== -1; at = text.indexOf("<", at)) {
    if (close !== text.length && close <= at) close = indexOrEnd(text, ">", at + 1);
    const isTag = startsTagName(text, at + 1);
    if (!isTag && (text.charCodeAt(at + 1) !== EXCLAMATION_MARK || close === text.length)) {
      at += 1;
      continue;
    }
    const end = close === text.length ? close : close + 1;
    stripped += text.slice(copiedUpTo, at) + (!isTag || isBlockTag(text, at) ? " " : "");
    at = copiedUpTo = end;
  }
  return copiedUpTo === 0 ? text : stripped + text.slice(copiedUpTo);
}

function indexOrEnd(text: string, search: string, from: number): number {
  const index = text.indexOf(search, from);
  return index === -1 ? text.length : index;
}

function isAsciiLetter(code: number): boolean {
  return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
}

/** `\/?[A-Za-z]` at `at`. */
function startsTagName(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return isAsciiLetter(code) || (code === SLASH && isAsciiLetter(text.charCodeAt(at + 1)));
}

/** The tag name (`[A-Za-z][\w:-]*`) after "<" or "</"; block names have at most 10 characters. */
function isBlockTag(text: string, at: number): boolean {
  const start = text.charCodeAt(at + 1) === SLASH ? at + 2 : at + 1;
  let end = start + 1;
  while (end < text.length && end - start <= 10 && isTagNameCharacter(text.charCodeAt(end))) end += 1;
  return end - start <= 10 && BLOCK_TAGS.has(text.slice(start, end).toLowerCase());
}

/** `[\w:-]`: letters, digits, "_", ":" and "-". */
function isTagNameCharacter(code: number): boolean {
  return isAsciiLetter(code) || (code >= 0x30 && code <= 0x3a) || code === 0x5f || code === 0x2d;
}

/**
 * The start of htmlToText(html), at least `length` characters of it when there are that many,
 * without converting all of a long document: summaries need only their first few hundred.
 */
export function leadingHtmlText(html: string, length: number): string {
  // Comments and script-like elements may end anywhere; then only the whole document will do.
  if (html.length < length * 3 || html.includes("<!--") || NON_TEXT_START.test(html)) return htmlToText(html);
  for (let size = length + (length >> 1); size * 2 < html.length; size *= 2) {
    // Cut just after a ">": no tag then spans the cut, and a reference can only be mis-read
    // in the last few characters (`&am<b></b>p;`), which the margin leaves out.
    const cut = html.indexOf(">", size) + 1;
    if (cut === 0) break;
    const text = htmlToText(html.slice(0, cut));
    if (text.length >= length + LONGEST_REFERENCE) return text;
  }
  return htmlToText(html);
}

const NON_TEXT_START = /<(?:script|style|noscript|template)\b/i;
const LONGEST_REFERENCE = 34;

/** True when a string from an ambiguous source (an RSS title) carries markup or references. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[A-Za-z][^>]*>|&(#\d+|#x[0-9a-f]+|[A-Za-z][A-Za-z0-9]{1,31});/i.test(text);
}

const REFERENCE = /&(#[xX][0-9A-Fa-f]{1,8}|#[0-9]{1,10}|[A-Za-z][A-Za-z0-9]{1,31});/g;

export function decodeHtmlEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(REFERENCE, (reference, name: string) => {
    if (name.startsWith("#")) {
      const hex = name[1] === "x" || name[1] === "X";
      const code = Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
      return isXmlChar(code) ? String.fromCodePoint(code) : "\ufffd";
    }
    const code = XML_PREDEFINED_ENTITIES.get(name) ?? HTML_NAMED_ENTITIES.get(name);
    return code === undefined ? reference : String.fromCodePoint(code);
  });
}

/** HTML's notion of whitespace (ASCII only): a no-break space is content and stays. */
export function collapseWhitespace(text: string): string {
  // Only runs that are not already a single space are rewritten: the same result as
  // replacing every run, with far fewer replacements in ordinary text.
  const collapsed = HAS_MESSY_WHITESPACE.test(text) ? text.replace(MESSY_WHITESPACE, " ") : text;
  const start = collapsed.startsWith(" ") ? 1 : 0;
  const end = collapsed.length > start && collapsed.endsWith(" ") ? collapsed.length - 1 : collapsed.length;
  return start === 0 && end === collapsed.length ? collapsed : collapsed.slice(start, end);
}

const MESSY_WHITESPACE = /[\t\n\f\r ]{2,}|[\t\n\f\r]/g;
const HAS_MESSY_WHITESPACE = /[\t\n\f\r]| {2}/;
