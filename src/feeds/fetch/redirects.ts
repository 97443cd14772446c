import { FetchFailure } from "./fetch-failure.js";

/** Statuses that carry a Location to follow (RFC 9110 §15.4). 300 and 305 are not followed. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Permanent redirects (RFC 9110 §15.4.2 and §15.4.9): the feed moved for good. */
const PERMANENT_STATUSES = new Set([301, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

export function isPermanentRedirect(status: number): boolean {
  return PERMANENT_STATUSES.has(status);
}

/** What the fetcher remembers across hops. */
export interface RedirectState {
  /** Every URL requested so far, the first included (for loop detection). */
  visited: string[];
  maxRedirects: number;
}

/**
 * Validates one redirect hop and returns the next URL. Checks, in order: a Location is present and
 * parses (relative references resolve against the current URL, RFC 9110 §10.2.2); the target is
 * http(s) and not a downgrade from https (a feed fetched over TLS must not continue in clear);
 * the target was not visited already (loop); the hop budget. The address guard runs again when
 * the next hop connects.
 */
export function nextRedirectUrl(current: URL, location: string | undefined, state: RedirectState): URL {
  if (location === undefined || location.trim() === "") {
    throw new FetchFailure("HTTP_STATUS", current.href, "redirect without a Location header");
  }
  let target: URL;
  try {
    target = new URL(location.trim(), current);
  } catch {
    throw new FetchFailure("REDIRECT_NOT_ALLOWED", current.href, `redirect to an invalid URL "${location}"`);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new FetchFailure("REDIRECT_NOT_ALLOWED", current.href, `redirect target not allowed: ${target.href}`);
  }
  if (current.protocol === "https:" && target.protocol === "http:") {
    throw new FetchFailure("REDIRECT_NOT_ALLOWED", current.href, `redirect from https to http refused: ${target.href}`);
  }
  target.hash = "";
  if (state.visited.includes(target.href)) {
    throw new FetchFailure("TOO_MANY_REDIRECTS", current.href, `redirect loop back to ${target.href}`);
  }
  if (state.visited.length > state.maxRedirects) {
    throw new FetchFailure("TOO_MANY_REDIRECTS", current.href, `more than ${state.maxRedirects} redirects`);
  }
  return target;
}
