import type { ArticleLink } from "./links.js";

/** Where an article was seen: a feed and the item's identity within it. */
export interface ArticleSource {
  feedId: string;
  itemKey: string;
}

export interface ArticleEnclosure {
  url: string;
  type: string | null;
  length: number | null;
}

/** One news item, possibly seen in several feeds. */
export interface Article {
  id: string;
  feedIds: string[];
  sources: ArticleSource[];
  title: string;
  /** Absolute link as published; null for an item that has none. */
  url: string | null;
  /** Link without fragment and tracking parameters; the same story in two feeds shares it. */
  canonicalUrl: string | null;
  summary: string;
  contentHtml: string;
  /** The item's date; its first-seen time when the feed gives none. */
  publishedAt: Date;
  /** The item's own "updated" date, when the feed gives one. */
  updatedAt: Date | null;
  /** True when the feed's date lay in the future and was clamped to the time it was seen. */
  dateClamped: boolean;
  firstSeenAt: Date;
  /** When the stored content last changed (insert or in-place update). */
  changedAt: Date;
  authors: string[];
  categories: string[];
  enclosures: ArticleEnclosure[];
  contentHash: string;
  hypervisors: string[];
  vendors: string[];
  topics: string[];
  events: string[];
  links: ArticleLink[];
}
