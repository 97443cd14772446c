/**
 * Feed HTML to a safe subset for the dashboard (RELIABILITY C4; tt-rss CVE-2020-25789 was
 * JavaScript inside SVG). sanitize-html with an allow-list: text formatting, lists, tables,
 * figures and images; no script, style, iframe, object, embed, form or svg; no event handlers,
 * no style or class attributes; only http(s) and mailto URLs (no javascript:, no data:, not even
 * for images). Relative links and images are resolved against the item's base, and every link
 * gets rel="noopener noreferrer nofollow".
 */
import sanitizeHtml, { type Attributes, type IOptions, type Tag } from "sanitize-html";

import { resolveUrl } from "./url.js";

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== "data"),
  "img",
  "picture",
  "del",
  "ins",
];

const LINK_REL = "noopener noreferrer nofollow";

/** Sanitises one item's HTML; `baseUrl` (absolute) resolves relative href/src, or null. */
export function sanitizeContent(html: string, baseUrl: string | null): string {
  // Text without markup or references comes out of sanitize-html unchanged: skip the parser.
  if (!/[<>&]/.test(html)) return html.trim();
  return sanitizeHtml(html, optionsFor(baseUrl)).trim();
}

/** Items of one feed share a base, so the options object of the previous call is reused. */
let cached: { baseUrl: string | null; options: IOptions } | null = null;

function optionsFor(baseUrl: string | null): IOptions {
  if (cached?.baseUrl !== baseUrl) cached = { baseUrl, options: buildOptions(baseUrl) };
  return cached.options;
}

function buildOptions(baseUrl: string | null): IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ["href", "title", "rel"],
      img: ["src", "alt", "title", "width", "height"],
      abbr: ["title"],
      blockquote: ["cite"],
      q: ["cite"],
      time: ["datetime"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan", "scope"],
      ol: ["start"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    transformTags: {
      a: (tagName, attribs) => withResolved(tagName, attribs, "href", baseUrl, { rel: LINK_REL }),
      img: (tagName, attribs) => withResolved(tagName, attribs, "src", baseUrl, {}),
    },
  };
}

/** Resolves one URL attribute; sanitize-html then checks the resolved scheme against the list. */
function withResolved(
  tagName: string,
  attribs: Attributes,
  name: "href" | "src",
  baseUrl: string | null,
  extra: Attributes,
): Tag {
  const value = attribs[name];
  const attributes: Attributes = { ...attribs, ...extra };
  if (value !== undefined) {
    const resolved = resolveUrl(value, baseUrl);
    if (resolved === null) delete attributes[name];
    else attributes[name] = resolved;
  }
  return { tagName, attribs: attributes };
}
