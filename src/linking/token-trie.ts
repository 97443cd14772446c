import type { Token } from "./normalize.js";

interface TrieNode {
  next: Map<string, TrieNode> | null;
  /** Ids of the terms whose token sequence ends at this node. */
  terms: number[] | null;
}

const newNode = (): TrieNode => ({ next: null, terms: null });

/** Called for every term found: its id and the token range [start, end) it covers. */
export type OnTermMatch = (termId: number, start: number, end: number) => void;

/**
 * All phrases of the catalog compiled into one trie over normalised tokens. Scanning costs
 * one hash lookup per token (plus one per extra token of a phrase actually present), so it
 * does not grow with the number of phrases.
 */
export class TokenTrie {
  private readonly root = newNode();
  private depth = 0;

  /** Registers a token sequence for a term; the same term may have several sequences. */
  insert(tokens: readonly string[], termId: number): void {
    if (tokens.length === 0) throw new Error("token-trie: cannot insert an empty phrase");
    let node = this.root;
    for (const token of tokens) {
      node.next ??= new Map();
      let child = node.next.get(token);
      if (!child) {
        child = newNode();
        node.next.set(token, child);
      }
      node = child;
    }
    node.terms ??= [];
    if (!node.terms.includes(termId)) node.terms.push(termId);
    this.depth = Math.max(this.depth, tokens.length);
  }

  /** Longest token sequence registered. */
  get maxDepth(): number {
    return this.depth;
  }

  /** Reports every term occurrence in the tokens, overlapping ones included. */
  scan(tokens: readonly Token[], onMatch: OnTermMatch): void {
    const rootNext = this.root.next;
    if (!rootNext) return;
    for (let start = 0; start < tokens.length; start++) {
      let node = rootNext.get((tokens[start] as Token).text);
      let end = start + 1;
      while (node) {
        if (node.terms) for (const termId of node.terms) onMatch(termId, start, end);
        if (!node.next || end >= tokens.length) break;
        node = node.next.get((tokens[end] as Token).text);
        end++;
      }
    }
  }
}
