/**
 * Feed HTML to a safe subset for the dashboard (RELIABILITY C4; tt-rss CVE-2020-25789 was
 * JavaScript inside SVG). An allow-list sanitiser of our own (html-sanitizer.ts, policy in
 * sanitize-policy.ts; it replaced sanitize-html, ten times slower here, and keeps its contract):
 * text formatting, lists, tables, figures and images; no script, style, iframe, object, embed,
 * form or svg (script, style, svg, math, iframe, object, template, noscript, textarea and option
 * lose their content too); no event handlers, no style or class attributes; only http(s) and
 * mailto URLs (no javascript:, no data:, not even for images; references such as
 * `&#106;avascript:` are decoded first). Relative links, images and citations are resolved
 * against the item's base, and every link gets rel="noopener noreferrer nofollow".
 */
import { sanitizeFragment } from "./html-sanitizer.js";
import { IMAGE_SCHEMES, LINK_SCHEMES } from "./sanitize-policy.js";
import { type UrlFilter } from "./start-tag-writer.js";
import { resolveUrl } from "./url.js";

/** Sanitises one item's HTML; `baseUrl` (absolute) resolves relative href/src/cite, or null. */
export function sanitizeContent(html: string, baseUrl: string | null): string {
  // Text without markup or references comes out unchanged: skip the scanner.
  if (!/[<>&]/.test(html)) return html.trim();
  return sanitizeFragment(html, urlFilterFor(baseUrl)).trim();
}

/**
 * Items of one feed share a base and repeat their links (author pages, tags, image hosts), so
 * resolutions are remembered per base; bounded, as a worker lives through many feeds.
 */
const MAX_REMEMBERED_URLS = 2048;
let cached: { baseUrl: string | null; filter: UrlFilter } | null = null;

function urlFilterFor(baseUrl: string | null): UrlFilter {
  if (cached?.baseUrl !== baseUrl) cached = { baseUrl, filter: rememberingUrlFilter(baseUrl) };
  return cached.filter;
}

function rememberingUrlFilter(baseUrl: string | null): UrlFilter {
  // Images allow fewer schemes than links and citations, so each kind remembers its own answers.
  const forImages = new Map<string, string | null>();
  const forLinks = new Map<string, string | null>();
  return (value, tag) => {
    const remembered = tag === "img" ? forImages : forLinks;
    let url = remembered.get(value);
    if (url === undefined) {
      if (remembered.size >= MAX_REMEMBERED_URLS) remembered.clear();
      url = safeUrl(value, tag, baseUrl);
      remembered.set(value, url);
    }
    return url;
  };
}

/** The resolved URL when its scheme is allowed on `tag`, else null. */
function safeUrl(value: string, tag: string, baseUrl: string | null): string | null {
  const url = resolveUrl(value, baseUrl);
  return url !== null && hasAllowedScheme(url, tag) ? url : null;
}

/** `url` is resolved (WHATWG URL serialisation), so its scheme is lower-case and unobfuscated. */
function hasAllowedScheme(url: string, tag: string): boolean {
  const schemes = tag === "img" ? IMAGE_SCHEMES : LINK_SCHEMES;
  for (const scheme of schemes) if (url.startsWith(scheme)) return true;
  return false;
}
