import type { LinkableText, LinkField } from "../model/links.js";
import { type Token, tokenize } from "./normalize.js";
import type { TokenTrie } from "./token-trie.js";

/** One field of the article, tokenised once. */
export interface ScannedField {
  field: LinkField;
  text: string;
  tokens: Token[];
}

/** Where a term occurs: its field and its token range [start, end). */
export interface Occurrence {
  field: ScannedField;
  start: number;
  end: number;
}

/** Every term occurrence of one article, by term id. */
export interface ScanResult {
  fields: ScannedField[];
  hits: Map<number, Occurrence[]>;
}

/** Categories are scanned as one field; this separator keeps phrases from spanning two. */
const CATEGORY_SEPARATOR = " \n ";

/**
 * Tokenises the article's fields and runs the trie over each: one pass finds every alias,
 * context phrase, pattern phrase and cue word. Content may be HTML (tags are skipped).
 * Evidence offsets of categories count in the categories joined by " \n ".
 */
export function scanText(trie: TokenTrie, text: LinkableText): ScanResult {
  const fields: ScannedField[] = [
    { field: "title", text: text.title, tokens: tokenize(text.title) },
    { field: "summary", text: text.summary, tokens: tokenize(text.summary, true) },
    { field: "content", text: text.content, tokens: tokenize(text.content, true) },
  ];
  if (text.categories.length > 0) {
    const joined = text.categories.join(CATEGORY_SEPARATOR);
    fields.push({ field: "categories", text: joined, tokens: tokenize(joined) });
  }
  const hits = new Map<number, Occurrence[]>();
  for (const field of fields) {
    trie.scan(field.tokens, (termId, start, end) => {
      const occurrence = { field, start, end };
      const list = hits.get(termId);
      if (list) list.push(occurrence);
      else hits.set(termId, [occurrence]);
    });
  }
  return { fields, hits };
}

/** Character offset where an occurrence starts in its field's text. */
export const offsetOf = (occurrence: Occurrence): number => (occurrence.field.tokens[occurrence.start] as Token).start;

/** The original text an occurrence covers. */
export function textOf(occurrence: Occurrence): string {
  const tokens = occurrence.field.tokens;
  return occurrence.field.text.slice(
    (tokens[occurrence.start] as Token).start,
    (tokens[occurrence.end - 1] as Token).end,
  );
}

/** True when any of the terms occurs anywhere in the article. */
export const anyTermIn = (scan: ScanResult, termIds: readonly number[]): boolean =>
  termIds.some((termId) => scan.hits.has(termId));
