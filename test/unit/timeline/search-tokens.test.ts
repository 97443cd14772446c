import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { MAX_ARTICLE_TOKENS, queryTokensOf, searchTokensOf, tokenize } from "../../../src/timeline/search-tokens.js";

describe("search tokens", () => {
  const cases: [string, string[]][] = [
    ["Xen 4.0 ships", ["xen", "4", "0", "ships"]],
    ["Hyper-V's nested VMs", ["hyper", "nested", "vms"]],
    ["Où va l'économie ?", ["ou", "va", "economie"]],
    ['ESX 3i, (a+)+$ {"$gt": 1}', ["esx", "3i", "gt", "1"]],
    ["ＫＶＭ", ["kvm"]],
  ];
  for (const [text, expected] of cases) {
    it(`tokenizes ${JSON.stringify(text)}`, () => assert.deepEqual(tokenize(text), expected));
  }

  it("indexes title, summary, categories and authors once each, capped", () => {
    const tokens = searchTokensOf({ title: "Xen xen", summary: "KVM", categories: ["Xen"], authors: ["Ann Lee"] });
    assert.deepEqual(tokens, ["xen", "kvm", "ann", "lee"]);
    const long = searchTokensOf({
      title: Array.from({ length: 400 }, (_, i) => `w${i}`).join(" "),
      summary: "",
      categories: [],
      authors: [],
    });
    assert.equal(long.length, MAX_ARTICLE_TOKENS);
  });

  it("refuses search text that is too long, has no word or too many (D6)", () => {
    assert.equal(queryTokensOf("x".repeat(10_240)).ok, false);
    assert.equal(queryTokensOf("(a+)+$").ok, false);
    assert.equal(
      queryTokensOf("a b c d e f g h i j k l m n o p q r s t u v w x y z 12 34 56 78 90 11 22 33 44").ok,
      false,
    );
    assert.deepEqual(queryTokensOf("Citrix XenSource"), { ok: true, tokens: ["citrix", "xensource"] });
  });

  it("only ever yields lower-case letters and digits (never an operator, dot or dollar)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        for (const token of tokenize(text)) assert.match(token, /^[\p{Ll}\p{Lo}\p{Lm}\p{N}]+$/u);
      }),
      { numRuns: 300 },
    );
  });

  it("finds what it indexed: the query tokens of any title are among the title's tokens", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (title) => {
        const result = queryTokensOf(title);
        if (!result.ok) return;
        const indexed = new Set(searchTokensOf({ title, summary: "", categories: [], authors: [] }));
        assert.ok(result.tokens.every((token) => indexed.has(token)));
      }),
      { numRuns: 300 },
    );
  });
});
