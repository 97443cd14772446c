/**
 * The forms in which upstream suites expect an HTML field: as written, with relative URLs
 * resolved against the xml:base chain (feedparser, gofeed), sanitised (our contentHtml), or as
 * plain text. A value passes when it equals any of them.
 */
import sanitizeHtml from "sanitize-html";

import { sanitizeContent } from "../../src/feeds/normalize/sanitize.js";
import { resolveUrl } from "../../src/feeds/normalize/url.js";
import { htmlToText } from "../../src/feeds/parse/html-text.js";

/** href/src made absolute, nothing else changed (sanitize-html with every tag allowed). */
export function resolveLinksInHtml(html: string, base: string | null): string {
  if (!/\s(href|src)=/i.test(html)) return html;
  const resolve = (tagName: string, attribs: sanitizeHtml.Attributes) => {
    const resolved = { ...attribs };
    for (const name of ["href", "src"]) {
      const value = attribs[name];
      if (value !== undefined) resolved[name] = resolveUrl(value, base) ?? value;
    }
    return { tagName, attribs: resolved };
  };
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    transformTags: { a: resolve, img: resolve },
  });
}

export function htmlForms(html: string | null, base: string | null): (string | null)[] {
  if (html === null) return [null];
  return [html, resolveLinksInHtml(html, base), sanitizeContent(html, base), htmlToText(html)];
}
