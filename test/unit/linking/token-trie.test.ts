import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { tokenize } from "../../../src/linking/normalize.js";
import { TokenTrie } from "../../../src/linking/token-trie.js";

function matches(trie: TokenTrie, text: string): [number, number, number][] {
  const found: [number, number, number][] = [];
  trie.scan(tokenize(text), (termId, start, end) => found.push([termId, start, end]));
  return found;
}

describe("TokenTrie", () => {
  const trie = new TokenTrie();
  trie.insert(["esx"], 1);
  trie.insert(["esx", "server"], 2);
  trie.insert(["esx", "server", "3", "i"], 3);
  trie.insert(["citrix"], 4);
  trie.insert(["citrix", "hypervisor"], 5);

  it("reports every term at every position, nested ones included", () => {
    assert.deepEqual(matches(trie, "VMware ESX Server 3i and Citrix Hypervisor"), [
      [1, 1, 2],
      [2, 1, 3],
      [3, 1, 5],
      [4, 6, 7],
      [5, 6, 8],
    ]);
  });

  it("finds nothing in unrelated text, and stops at the end of the text", () => {
    assert.deepEqual(matches(trie, "Xenon lamps"), []);
    assert.deepEqual(matches(trie, "ESX Server"), [
      [1, 0, 1],
      [2, 0, 2],
    ]);
  });

  it("lets one sequence carry several terms and knows its depth", () => {
    const shared = new TokenTrie();
    shared.insert(["virtual", "iron"], 7);
    shared.insert(["virtual", "iron"], 8);
    shared.insert(["virtual", "iron"], 8);
    assert.deepEqual(matches(shared, "Virtual Iron"), [
      [7, 0, 2],
      [8, 0, 2],
    ]);
    assert.equal(shared.maxDepth, 2);
    assert.throws(() => shared.insert([], 9), /empty phrase/);
  });
});
