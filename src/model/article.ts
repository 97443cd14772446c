import type { ArticleLink } from "./links.js";

/** One news item, possibly seen in several feeds. */
export interface Article {
  id: string;
  feedIds: string[];
  title: string;
  url: string;
  canonicalUrl: string;
  summary: string;
  contentHtml: string;
  publishedAt: Date;
  firstSeenAt: Date;
  authors: string[];
  categories: string[];
  hypervisors: string[];
  vendors: string[];
  topics: string[];
  events: string[];
  links: ArticleLink[];
}
