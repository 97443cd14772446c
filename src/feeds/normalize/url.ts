/**
 * URL rules of ingestion: the unique form of a feed URL (the registry's key), absolute links
 * resolved through the xml:base chain, and the canonical article link used for identity.
 * WHATWG URL already lower-cases the scheme and host, converts IDNs to punycode and drops a
 * default port; these functions add what it leaves (fragment, tracking parameters, scheme checks).
 */

/** Thrown by normalizeFeedUrl; `code` is stable for the API layer. */
export class FeedUrlError extends Error {
  override readonly name = "FeedUrlError";
  readonly code = "INVALID_FEED_URL";

  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`invalid feed URL "${input.slice(0, 200)}": ${reason}`);
  }
}

/**
 * The unique form of a feed URL: http(s) only, scheme and host lower-case, default port dropped,
 * fragment removed; path and query kept as they are (they select the feed).
 */
export function normalizeFeedUrl(url: string): string {
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new FeedUrlError(url, "not an absolute URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new FeedUrlError(url, `scheme "${parsed.protocol.slice(0, -1)}" is not http or https`);
  }
  if (!parsed.hostname) throw new FeedUrlError(url, "no host");
  parsed.hash = "";
  return parsed.href;
}

/** Resolves a (possibly relative) reference against a base; null when unparseable. */
export function resolveUrl(reference: string | null | undefined, base: string | null): string | null {
  const trimmed = reference?.trim();
  if (!trimmed) return null;
  try {
    return new URL(trimmed, base ?? undefined).href;
  } catch {
    return null;
  }
}

/** Like resolveUrl, but only http(s) results: links that end up in an href must never be javascript:. */
export function resolveHttpUrl(reference: string | null | undefined, base: string | null): string | null {
  const resolved = resolveUrl(reference, base);
  return resolved !== null && /^https?:/i.test(resolved) ? resolved : null;
}

/** The base in effect for an item: its own xml:base, else the feed's, each resolved against the feed URL. */
export function effectiveBase(itemBase: string | null, feedBase: string | null, feedUrl: string): string | null {
  const feed = resolveUrl(feedBase, feedUrl) ?? resolveUrl(feedUrl, null);
  return resolveUrl(itemBase, feed) ?? feed;
}

/** Query parameters that only track a click and never select content. */
const TRACKING_PARAMETERS = new Set([
  "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
  "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id",
]); // prettier-ignore

function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith("utm_") || TRACKING_PARAMETERS.has(lower);
}

/**
 * The canonical form of an absolute http(s) article link: fragment and tracking parameters
 * removed (utm_*, fbclid, gclid, mc_cid, ...), host lower-case, default port dropped; the other
 * parameters keep their order. Null for anything that is not an absolute http(s) URL.
 */
export function canonicalizeLink(url: string | null): string | null {
  if (url === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  if (parsed.hash) parsed.hash = "";
  const search = withoutTrackingParameters(parsed.search);
  // Each assignment re-serialises the URL, so only when something changes (an empty "?" counts).
  if (search !== parsed.search || parsed.href.endsWith("?")) parsed.search = search;
  return parsed.href;
}

/**
 * canonicalizeLink for an href that resolveHttpUrl produced (already serialised by WHATWG URL,
 * http or https): without a query or a fragment there is nothing to remove, so it is its own
 * canonical form and is not parsed a second time.
 */
export function canonicalizeResolvedLink(href: string | null): string | null {
  if (href === null) return null;
  return href.includes("?") || href.includes("#") ? canonicalizeLink(href) : href;
}

/** Filters the raw `a=1&b=2` pairs, keeping each kept pair's encoding exactly as written. */
function withoutTrackingParameters(search: string): string {
  if (search.length <= 1) return "";
  const pairs = search.slice(1).split("&");
  const kept = pairs.filter((pair) => pair !== "" && !isTrackingParameter(parameterName(pair)));
  return kept.length === 0 ? "" : `?${kept.join("&")}`;
}

function parameterName(pair: string): string {
  const raw = pair.split("=", 1)[0] ?? "";
  try {
    return decodeURIComponent(raw.replaceAll("+", " "));
  } catch {
    return raw;
  }
}
