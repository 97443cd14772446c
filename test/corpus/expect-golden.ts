/**
 * Golden-file expectations: rss-parser's output JSON (feed title/link, item count, item
 * titles/links/ISO dates) and gofeed's expected JSON (rss, atom, json and universal schemas).
 * gofeed's Go harness treats absent keys as zero values, so only keys present in the golden file
 * are checked; keys we have no field for are skipped and counted by name.
 */
import { readFileSync } from "node:fs";

import { personName } from "../../src/feeds/normalize/normalize-feed.js";
import { effectiveBase, resolveUrl } from "../../src/feeds/normalize/url.js";
import { parseFeedDate } from "../../src/feeds/parse/dates.js";
import { type ParsedFeed, type ParsedItem } from "../../src/feeds/parse/parsed-feed.js";
import { type Outcome, type Tally } from "./corpus-support.js";
import { htmlForms } from "./html-forms.js";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const asString = (value: unknown): string | null => (typeof value === "string" ? value : null);

function compare(tally: Tally, outcome: Outcome, what: string, expected: unknown, candidates: unknown[]): void {
  const want = typeof expected === "string" ? expected.trim() : expected;
  const ok = candidates.some((candidate) => (typeof candidate === "string" ? candidate.trim() : candidate) === want);
  tally.check(
    ok,
    () => `${outcome.entry.path}: ${what} expected ${JSON.stringify(expected)} got ${JSON.stringify(candidates)}`,
  );
}

function readGolden(dir: string, path: string): Json | null {
  try {
    // Upstream reads encoding.json (like its input) as latin1.
    const encoding = path.endsWith("rbren-rss-parser/test/output/encoding.json") ? "latin1" : "utf8";
    const golden: unknown = JSON.parse(readFileSync(dir + path, encoding));
    return isObject(golden) ? golden : null;
  } catch {
    return null;
  }
}

/** rss-parser goldens: `{ feed: { title, link, items: [{ title, link, isoDate }] } }`. */
export function checkRssParser(dir: string, outcome: Outcome, tally: Tally): void {
  const { entry } = outcome;
  if (entry.path.endsWith("uolNoticias.rss")) {
    return tally.skip(
      "rss-parser: golden holds U+FFFD mojibake (ISO-8859-1 read as UTF-8); we refuse it as UNDECODABLE",
    );
  }
  if (entry.parserOptions !== undefined && !entry.path.endsWith("xml2js-options.rss")) {
    tally.skip("rss-parser: golden made with customFields (only standard fields compared)");
  }
  if (typeof entry.expected !== "string") return checkRssParserProse(outcome, tally);
  const golden = readGolden(dir, entry.expected)?.["feed"];
  if (!isObject(golden)) return tally.skip("rss-parser: golden unreadable");
  const feed = outcome.feed;
  if (!feed) return tally.check(false, () => `${entry.path}: parse failed ${outcome.error?.message}`);
  if ("title" in golden) compare(tally, outcome, "feed.title", golden["title"], [feed.title]);
  if ("link" in golden) compare(tally, outcome, "feed.link", golden["link"], [feed.siteUrl]);
  const items = Array.isArray(golden["items"]) ? golden["items"].filter(isObject) : [];
  compare(tally, outcome, "items.length", items.length, [feed.items.length]);
  items.forEach((item, index) => {
    const ours = feed.items[index];
    if ("title" in item) compare(tally, outcome, `items[${index}].title`, item["title"], [ours?.title]);
    if ("link" in item) compare(tally, outcome, `items[${index}].link`, item["link"], [ours?.link]);
    if ("isoDate" in item) {
      const date = parseFeedDate(ours?.published ?? ours?.updated)?.toISOString();
      compare(tally, outcome, `items[${index}].isoDate`, item["isoDate"], [date]);
    }
  });
}

/** unrecognized.rss must be rejected; itunes-missing-image.rss must parse. */
function checkRssParserProse(outcome: Outcome, tally: Tally): void {
  if (outcome.entry.path.endsWith("unrecognized.rss")) {
    tally.check(outcome.error?.code === "UNSUPPORTED_FORMAT", () => `${outcome.entry.path}: should be rejected`);
  } else {
    tally.check(outcome.feed !== null, () => `${outcome.entry.path}: should parse (${outcome.error?.message})`);
  }
}

/** gofeed expected JSON, per schema. */
export function checkGofeed(dir: string, outcome: Outcome, tally: Tally): void {
  const { entry } = outcome;
  if (typeof entry.expected !== "string") return;
  const golden = readGolden(dir, entry.expected);
  if (!golden) return tally.skip("gofeed: expected file unreadable");
  const feed = outcome.feed;
  if (!feed) return tally.check(false, () => `${entry.path}: parse failed ${outcome.error?.message}`);
  for (const [key, value] of Object.entries(golden)) checkGofeedFeedKey(key, value, feed, outcome, tally);
}

/** FeedFormat names RSS 0.90–0.94 as one, and 2.01/2.1/no version as 2.0. */
const FINER_VERSIONS = /^(0\.9\d?|2\.01|2\.1|)$/;

function checkGofeedFeedKey(key: string, value: unknown, feed: ParsedFeed, outcome: Outcome, tally: Tally): void {
  const base = effectiveBase(null, feed.baseUrl, outcome.url);
  if ((key === "version" || key === "feedVersion") && FINER_VERSIONS.test(String(value))) {
    return tally.skip("gofeed: version finer than FeedFormat (0.9x, 2.01, 2.1, none)");
  }
  switch (key) {
    case "version":
      return compare(tally, outcome, "version", value, [gofeedVersion(feed)]);
    case "feedType":
      return compare(tally, outcome, "feedType", value, [feed.format.replace(/[\d.x]+$/, "")]);
    case "feedVersion":
      return compare(tally, outcome, "feedVersion", value, [gofeedVersion(feed)]);
    case "title":
      return compare(tally, outcome, "title", value, htmlForms(feed.title, base));
    case "description":
    case "subtitle":
      return compare(tally, outcome, key, value, htmlForms(feed.description, base));
    case "link":
    case "home_page_url":
      return compare(tally, outcome, key, value, [feed.siteUrl, resolveUrl(feed.siteUrl, base)]);
    case "authors":
    case "author":
      return compare(tally, outcome, key, personNames(value), [(feed.authors ?? []).map(personName).join("|")]);
    case "items":
    case "entries":
      return checkGofeedItems(Array.isArray(value) ? value : [], feed, outcome, tally);
    default:
      return tally.skip(`gofeed: feed.${key} not mapped`);
  }
}

function gofeedVersion(feed: ParsedFeed): string {
  const versions: Record<string, string> = { "rss1.0": "1.0", "rss2.0": "2.0", "atom1.0": "1.0", "atom0.3": "0.3" };
  return versions[feed.format] ?? feed.format.replace(/^[a-z]+/, "");
}

function checkGofeedItems(items: unknown[], feed: ParsedFeed, outcome: Outcome, tally: Tally): void {
  compare(tally, outcome, "items.length", items.length, [feed.items.length]);
  items.forEach((item, index) => {
    const ours = feed.items[index];
    if (!isObject(item) || !ours) return;
    const base = effectiveBase(ours.baseUrl, feed.baseUrl, outcome.url);
    for (const [key, value] of Object.entries(item)) {
      checkGofeedItemKey(`items[${index}].${key}`, key, value, { item: ours, base, outcome, tally });
    }
  });
}

interface ItemContext {
  item: ParsedItem;
  base: string | null;
  outcome: Outcome;
  tally: Tally;
}

function checkGofeedItemKey(what: string, key: string, value: unknown, context: ItemContext): void {
  const { item, base, outcome, tally } = context;
  const content = isObject(value) ? value["value"] : value;
  if (content === undefined && isObject(value) && (key === "content" || key === "guid")) {
    return tally.skip(`gofeed: item.${key} without a value (content src, guid attributes only)`);
  }
  switch (key) {
    case "title":
      return compare(tally, outcome, what, value, htmlForms(item.title, base));
    case "description":
    case "summary":
    case "content":
    case "content_html":
      return compare(tally, outcome, what, content, [
        ...htmlForms(item.summary, base),
        ...htmlForms(item.content, base),
      ]);
    case "link":
    case "url":
      return compare(tally, outcome, what, value, [item.link, resolveUrl(item.link, base)]);
    case "guid":
    case "id":
      return compare(tally, outcome, what, content, [item.guid]);
    case "published":
    case "pubDate":
    case "date_published":
      return compare(tally, outcome, what, value, [item.published]);
    case "updated":
    case "date_modified":
      return compare(tally, outcome, what, value, [item.updated]);
    case "publishedParsed":
      return compare(tally, outcome, what, value, [rfc3339(item.published ?? item.updated)]);
    case "updatedParsed":
      return compare(tally, outcome, what, value, [rfc3339(item.updated)]);
    case "categories":
    case "tags":
      return compare(tally, outcome, what, categoryList(value), [item.categories.join("|")]);
    case "authors":
    case "author":
      return compare(tally, outcome, what, personNames(value), [item.authors.map(personName).join("|")]);
    default:
      return tally.skip(`gofeed: item.${key} not mapped`);
  }
}

/** gofeed's `…Parsed` form: Go's RFC 3339 (nano) in UTC, fraction without trailing zeros. */
function rfc3339(text: string | null): string | null {
  return (
    parseFeedDate(text)
      ?.toISOString()
      .replace(/\.(\d*?)0*Z$/, (_match, digits: string) => (digits ? `.${digits}Z` : "Z")) ?? null
  );
}

/** Names of gofeed person objects ({ name, email }), one object or a list; RSS schema: a string. */
function personNames(value: unknown): string {
  const list = Array.isArray(value) ? value : [value];
  return list
    .map((person) => (isObject(person) ? (asString(person["name"]) ?? asString(person["email"])) : asString(person)))
    .map((name) => (name === null ? "" : personName(name)))
    .join("|");
}

/** Universal: ["a", "b"]; rss: [{ value }]; atom: [{ term }]. */
function categoryList(value: unknown): string {
  const list = Array.isArray(value) ? value : [];
  return list
    .map((category) => (isObject(category) ? asString(category["value"] ?? category["term"]) : asString(category)))
    .join("|");
}
