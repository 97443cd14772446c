/**
 * Our results seen through feedparser's result keys (`feed.title`, `entries[0].summary`, ...).
 * Each mapped key gives the candidate values we produce for it: the raw parsed value and its
 * normalised form (absolute URL, sanitised HTML, plain text), since feedparser's own value is
 * sometimes one, sometimes the other. Keys we have no field for give null (skipped, counted).
 */
import { normalizeFeed, personName } from "../../src/feeds/normalize/normalize-feed.js";
import { effectiveBase, resolveUrl } from "../../src/feeds/normalize/url.js";
import { parseFeedDate } from "../../src/feeds/parse/dates.js";
import { type ParsedItem } from "../../src/feeds/parse/parsed-feed.js";
import { type NormalizedEntry } from "../../src/model/entry.js";
import { type Outcome } from "./corpus-support.js";
import { htmlForms } from "./html-forms.js";

export type Candidate = string | number | number[] | null;

const VERSIONS: Record<string, string> = {
  "rss1.0": "rss10",
  "rss2.0": "rss20",
  "atom1.0": "atom10",
  "atom0.3": "atom03",
};

export class FeedView {
  constructor(private readonly outcome: Outcome) {}

  /** The first list index in the path (`authors[1]`), for list-valued keys. */
  private position = 0;

  resolve(path: (string | number)[]): Candidate[] | null {
    const [root, ...rest] = path;
    this.position =
      rest.slice(root === "entries" ? 1 : 0).find((part): part is number => typeof part === "number") ?? 0;
    const key = rest.filter((part) => typeof part === "string").join(".");
    if (root === "version" && rest.length === 0) return this.version();
    if (root === "feed") return this.feedField(key);
    if (root === "entries" && typeof rest[0] === "number") return this.entryField(rest[0], rest.slice(1));
    return null;
  }

  lengthOf(path: (string | number)[]): Candidate[] | null {
    const items = this.outcome.feed?.items ?? [];
    if (path.length === 1 && path[0] === "entries") return [items.length];
    const [, index, field] = path;
    const item = typeof index === "number" ? items[index] : undefined;
    if (field === "enclosures") return [item?.enclosures.length ?? -1];
    if (field === "tags") return [item?.categories.length ?? -1];
    return null;
  }

  private version(): Candidate[] | null {
    const format = this.outcome.feed?.format ?? "";
    return VERSIONS[format] ? [VERSIONS[format]] : null;
  }

  private feedField(key: string): Candidate[] | null {
    const feed = this.outcome.feed;
    if (!feed) return [];
    const base = effectiveBase(null, feed.baseUrl, this.outcome.url);
    switch (key) {
      case "title":
      case "title_detail.value":
        return htmlForms(feed.title, base);
      case "link":
        return [feed.siteUrl, resolveUrl(feed.siteUrl, base)];
      case "subtitle":
      case "tagline":
      case "description":
      case "subtitle_detail.value":
      case "tagline_detail.value":
        return htmlForms(feed.description, base);
      case "author":
      case "author_detail.name":
      case "authors.name": {
        const author = feed.authors?.[this.position];
        return author === undefined ? [null] : [author, personName(author)];
      }
      default:
        return null;
    }
  }

  private entryField(index: number, rest: (string | number)[]): Candidate[] | null {
    const feed = this.outcome.feed;
    const item = feed?.items[index];
    if (!feed || !item) return [];
    const entry = this.normalizedAt(index);
    const base = effectiveBase(item.baseUrl, feed.baseUrl, this.outcome.url);
    const key = rest.filter((part) => typeof part === "string").join(".");
    const position = rest.find((part): part is number => typeof part === "number") ?? 0;
    return this.itemField(key, item, entry, base) ?? this.listField(key, position, item, base);
  }

  private itemField(key: string, item: ParsedItem, entry: NormalizedEntry | undefined, base: string | null) {
    switch (key) {
      case "title":
      case "title_detail.value":
        return [...htmlForms(item.title, base), entry?.title ?? null];
      case "link":
        return [entry?.url ?? null, item.link];
      case "id":
      case "guid":
        return [item.guid];
      case "summary":
      case "description":
      case "summary_detail.value":
        return [...htmlForms(item.summary, base), ...htmlForms(item.content, base), entry?.summary ?? null];
      case "content.value":
        return htmlForms(item.content, base);
      case "published":
      case "issued":
        return [item.published];
      case "updated":
      case "modified":
        return [item.updated, item.published];
      case "published_parsed":
      case "issued_parsed":
        return [timeTuple(item.published)];
      case "updated_parsed":
      case "modified_parsed":
        return [timeTuple(item.updated ?? item.published)];
      case "author":
      case "author_detail.name":
        return [entry?.authors[0] ?? null, item.authors[0] ?? null];
      default:
        return null;
    }
  }

  private listField(key: string, position: number, item: ParsedItem, base: string | null): Candidate[] | null {
    const enclosure = item.enclosures[position];
    switch (key) {
      case "authors.name":
        return [item.authors[position] ?? null, item.authors[position] ? personName(item.authors[position]) : null];
      case "tags.term":
      case "category":
        return [item.categories[position] ?? null];
      case "enclosures.href":
        return [enclosure?.url ?? null, resolveUrl(enclosure?.url, base)];
      case "enclosures.type":
        return [enclosure?.type ?? null];
      case "enclosures.length":
        return [enclosure?.length ?? null];
      default:
        return null;
    }
  }

  /** The item normalised on its own (identity aside, normalisation is per item). */
  private normalizedAt(index: number): NormalizedEntry | undefined {
    const feed = this.outcome.feed;
    const item = feed?.items[index];
    if (!feed || !item) return undefined;
    return normalizeFeed({ ...feed, items: [item] }, { feedUrl: this.outcome.url, now: new Date("2100-01-01") })[0];
  }
}

/** feedparser's UTC struct_time: (Y, M, D, h, m, s, weekday Mon=0, day of year, 0). */
function timeTuple(text: string | null): number[] | null {
  const date = parseFeedDate(text);
  if (!date) return null;
  const startOfYear = Date.UTC(date.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((date.getTime() - startOfYear) / 86_400_000) + 1;
  return [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    (date.getUTCDay() + 6) % 7,
    dayOfYear,
    0,
  ];
}
