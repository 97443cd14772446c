/**
 * Text going into published feeds and calendars comes from other people's feeds: hostile until
 * proven otherwise (RELIABILITY.md C4). The `feed` library serialises through xml-js, which
 * escapes text nodes but leaves `<` and `&` in attribute values alone, and neutralises only the
 * first `]]>` of a CDATA section; these helpers close those gaps before values reach it.
 */

/** Characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Drops what XML 1.0 cannot carry; a lone surrogate would make the whole document invalid. */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_CHAR, "");
}

/**
 * Plain text as HTML, for the elements feed readers render as HTML (Atom `type="html"` titles
 * and summaries, RSS titles and descriptions): a `<script>` in a title stays visible text.
 */
export function escapeHtml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * HTML that goes into a CDATA section. Every `]]>` becomes `]]&gt;`, which renders the same
 * in HTML, so nothing can end the section early (xml-js only rewrites the first one).
 */
export function cdataSafeHtml(html: string): string {
  return xmlSafe(html).replace(/]]>/g, "]]&gt;");
}
