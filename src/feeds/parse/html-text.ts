/**
 * HTML to plain text, for titles and summaries that are shown or searched as text (never rendered
 * as HTML). Not a sanitiser: the result is text that the UI escapes. It drops comments and the
 * contents of script/style/noscript/template, removes inline tags (`ft<sup>2</sup>` is "ft2") and
 * turns block-level tags and <br> into spaces (so paragraphs don't glue words together), decodes
 * character references and collapses whitespace.
 */
import { HTML_NAMED_ENTITIES, XML_PREDEFINED_ENTITIES } from "./html-entities.js";
import { isXmlChar } from "./xml-prep.js";

const NON_TEXT_ELEMENTS = /<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENTS = /<!--[\s\S]*?(?:-->|$)/g;
const TAGS = /<(\/?)([A-Za-z][\w:-]*)[^>]*>?|<![^>]*>/g;
const BLOCK_TAGS = new Set(
  (
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header " +
    "hr img li main nav ol p pre section table tbody td tfoot th thead tr ul"
  ).split(" "),
);

function tagToText(_tag: string, _slash: string, name: string | undefined): string {
  return name === undefined || BLOCK_TAGS.has(name.toLowerCase()) ? " " : "";
}

export function htmlToText(html: string): string {
  if (!html.includes("<") && !html.includes("&")) return collapseWhitespace(html);
  const withoutMarkup = html.includes("<")
    ? html.replace(COMMENTS, " ").replace(NON_TEXT_ELEMENTS, " ").replace(TAGS, tagToText)
    : html;
  return collapseWhitespace(decodeHtmlEntities(withoutMarkup));
}

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
  return text.replace(/[\t\n\f\r ]+/g, " ").replace(/^ | $/g, "");
}
