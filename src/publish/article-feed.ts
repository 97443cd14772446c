import { Feed, type Item } from "feed";

import type { Article } from "../model/article.js";
import { cdataSafeHtml, escapeHtml, xmlSafe } from "./safe-text.js";

/** The three published formats: Atom 1.0 (RFC 4287), RSS 2.0, JSON Feed 1.1. */
export const FEED_FORMATS = {
  atom: { contentType: "application/atom+xml; charset=utf-8" },
  rss: { contentType: "application/rss+xml; charset=utf-8" },
  json: { contentType: "application/feed+json; charset=utf-8" },
} as const;
export type FeedFormat = keyof typeof FEED_FORMATS;

export const isFeedFormat = (value: string): value is FeedFormat => Object.hasOwn(FEED_FORMATS, value);

/** What a published feed says about itself. */
export interface FeedMeta {
  /** The feed's own permanent id (Atom `id`): a URN, so a new PUBLIC_URL does not change it. */
  id: string;
  title: string;
  description: string;
  /** Where a reader's "visit site" goes: the service's public root. */
  siteUrl: string;
  /** This feed in each format, absolute (self links, RFC 4287 §4.2.7.2 / RSS atom:link). */
  selfUrls: Readonly<Record<FeedFormat, string>>;
}

export interface BuiltFeed {
  body: string;
  contentType: string;
  /** The newest change among the items (epoch for an empty feed): Last-Modified, Atom `updated`. */
  updated: Date;
}

const GENERATOR = "Hypervisor News Graph";

/**
 * A stable GUID per article: the same in every format and under any PUBLIC_URL, so readers
 * never show an article twice. A URN is a valid Atom id and RSS guid (isPermaLink="false").
 */
export const articleGuid = (article: Pick<Article, "id">) => `urn:hypervisor-news-graph:article:${article.id}`;

/**
 * Builds one feed of `articles` (already filtered and ordered newest first) in `format`. Pure:
 * the same articles give the same bytes, which is what makes the ETag stable.
 */
export function buildArticleFeed(meta: FeedMeta, articles: readonly Article[], format: FeedFormat): BuiltFeed {
  const updated = articles.reduce((newest, a) => (a.changedAt > newest ? a.changedAt : newest), new Date(0));
  const feed = new Feed({
    id: meta.id,
    title: xmlSafe(meta.title),
    description: xmlSafe(meta.description),
    link: meta.siteUrl,
    updated,
    generator: GENERATOR,
    // RFC 4287 §4.1.1: a feed needs an author unless every entry has one; ours stands in.
    author: { name: GENERATOR, link: meta.siteUrl },
    feedLinks: { atom: meta.selfUrls.atom, rss: meta.selfUrls.rss, json: meta.selfUrls.json },
  });
  for (const article of articles) feed.addItem(toItem(article, meta, format));
  const body = format === "atom" ? feed.atom1() : format === "rss" ? feed.rss2() : toJsonFeed11(feed.json1(), articles);
  return { body, contentType: FEED_FORMATS[format].contentType, updated };
}

function toItem(article: Article, meta: FeedMeta, format: FeedFormat): Item {
  // XML formats render titles and descriptions as HTML; JSON Feed's title is plain text.
  const html = format !== "json";
  const slugs = [...article.hypervisors, ...article.vendors, ...article.topics];
  return {
    id: articleGuid(article),
    guid: articleGuid(article),
    title: html ? escapeHtml(article.title) : xmlSafe(article.title),
    link: article.url ?? meta.siteUrl,
    date: article.changedAt,
    published: article.publishedAt,
    description: escapeHtml(article.summary),
    content: cdataSafeHtml(article.contentHtml),
    // The library indexes author[0] for JSON: an empty list must be left out, not passed.
    ...(article.authors.length > 0 ? { author: article.authors.map((name) => ({ name: xmlSafe(name) })) } : {}),
    // Slugs are [a-z0-9-]: safe as attribute values (xml-js does not escape `<` in attributes).
    category: slugs.map((slug) => ({ name: slug, term: slug })),
  };
}

/**
 * The library writes JSON Feed 1.0; 1.1 (https://www.jsonfeed.org/version/1.1/) renames the
 * version URL, replaces `author` with `authors`, and says `summary` is plain text.
 */
function toJsonFeed11(json1: string, articles: readonly Article[]): string {
  const feed = JSON.parse(json1) as { version: string; items: Record<string, unknown>[] } & Record<string, unknown>;
  feed.version = "https://jsonfeed.org/version/1.1";
  const { author, ...top } = feed;
  Object.assign(feed, { ...top, ...(author ? { authors: [author] } : {}) });
  delete feed["author"];
  feed.items = feed.items.map((item, index) => {
    const article = articles[index];
    const { author: _author, summary: _summary, ...rest } = item;
    return {
      ...rest,
      ...(article && article.summary ? { summary: xmlSafe(article.summary) } : {}),
      ...(article && article.authors.length > 0 ? { authors: article.authors.map((name) => ({ name })) } : {}),
    };
  });
  // The same JSON values, with < > & as \u escapes: a body sniffed or embedded as HTML stays inert.
  const json = JSON.stringify(feed, null, 2).replace(
    /[<>&]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `${json}\n`;
}
