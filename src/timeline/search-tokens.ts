/**
 * The word index behind `search` (FerretDB has no `$text`). An article stores `searchTokens`:
 * the distinct words of its title, summary, categories and authors, folded to lower case
 * without accents. A query matches when every one of its words is present: `$all` over a
 * multikey index, no regular expression anywhere (RELIABILITY.md D6). Pure.
 */

/** Longest word kept: longer "words" are hashes, URLs or base64 and are never searched for. */
const MAX_TOKEN_LENGTH = 32;
/** Words kept per article: bounds the index entries one article adds. */
export const MAX_ARTICLE_TOKENS = 300;
/** Search text longer than this is refused, not truncated (D6: capped input). */
export const MAX_QUERY_LENGTH = 200;
/** Words of a query; more would only narrow an `$all` that is already narrow. */
export const MAX_QUERY_TOKENS = 8;

const WORD = /[\p{L}\p{N}]+/gu;

/** Words of `text`: NFKD-folded, accents and case removed, split on anything not a letter or digit. */
export function tokenize(text: string): string[] {
  const folded = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  const words = folded.match(WORD) ?? [];
  // One-letter words ("a", the "v" of "Hyper-V") match nearly everything; digits are kept ("3i").
  return words.filter((word) => word.length <= MAX_TOKEN_LENGTH && (word.length > 1 || /\d/.test(word)));
}

/** What of an article is searchable. */
export interface SearchableText {
  title: string;
  summary: string;
  categories: readonly string[];
  authors: readonly string[];
}

/** The distinct words of an article, title words first, at most MAX_ARTICLE_TOKENS. */
export function searchTokensOf(article: SearchableText): string[] {
  const words = [article.title, article.summary, ...article.categories, ...article.authors].flatMap(tokenize);
  return [...new Set(words)].slice(0, MAX_ARTICLE_TOKENS);
}

export type QueryTokens = { ok: true; tokens: string[] } | { ok: false; reason: string };

/** The words a search must all find, or why the text cannot be searched. */
export function queryTokensOf(text: string): QueryTokens {
  if (text.length > MAX_QUERY_LENGTH) {
    return { ok: false, reason: `search text is limited to ${MAX_QUERY_LENGTH} characters (got ${text.length})` };
  }
  const tokens = [...new Set(tokenize(text))];
  if (tokens.length === 0) return { ok: false, reason: "search text needs a word of two or more letters or digits" };
  if (tokens.length > MAX_QUERY_TOKENS) {
    return { ok: false, reason: `search text is limited to ${MAX_QUERY_TOKENS} words (got ${tokens.length})` };
  }
  return { ok: true, tokens };
}
