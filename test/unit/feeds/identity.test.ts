/**
 * Item identity: GUID, else canonical link, else a hash of title + date; and the whole-feed rule
 * that more than 5 % empty or repeated GUIDs switch the feed to links (RELIABILITY D5).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { assignItemKeys, guidsAreReliable, type IdentityInput } from "../../../src/feeds/normalize/identity.js";

function items(count: number, guidAt: (index: number) => string | null): IdentityInput[] {
  return Array.from({ length: count }, (_, index) => ({
    guid: guidAt(index),
    canonicalUrl: `https://news.example/${index}`,
    title: `Item ${index}`,
    date: "2024-01-01T00:00:00.000Z",
    content: "",
  }));
}

const sources = (inputs: IdentityInput[]) => assignItemKeys(inputs).map((key) => key.itemKeySource);
const count = (values: string[], value: string) => values.filter((entry) => entry === value).length;

describe("the 5 % GUID rule", () => {
  const table: [name: string, inputs: IdentityInput[], reliable: boolean, guidKeys: number, linkKeys: number][] = [
    ["all GUIDs unique", items(100, (i) => `g${i}`), true, 100, 0],
    ["5 of 100 empty (exactly 5 %)", items(100, (i) => (i < 5 ? null : `g${i}`)), true, 95, 5],
    ["6 of 100 empty (over 5 %)", items(100, (i) => (i < 6 ? null : `g${i}`)), false, 0, 100],
    ["1 of 20 blank string", items(20, (i) => (i === 0 ? "" : `g${i}`)), true, 19, 1],
    ["2 of 20 empty (10 %)", items(20, (i) => (i < 2 ? null : `g${i}`)), false, 0, 20],
    ["2 of 100 share a GUID (2 %)", items(100, (i) => (i < 2 ? "same" : `g${i}`)), true, 98, 2],
    ["3 pairs of 100 share GUIDs (6 %)", items(100, (i) => (i < 6 ? `pair${i % 3}` : `g${i}`)), false, 0, 100],
    ["every item has the same GUID", items(10, () => "same"), false, 0, 10],
    ["no GUIDs at all", items(10, () => null), false, 0, 10],
    ["an empty feed", [], true, 0, 0],
  ];
  for (const [name, inputs, reliable, guidKeys, linkKeys] of table) {
    it(name, () => {
      assert.equal(guidsAreReliable(inputs), reliable);
      const keySources = sources(inputs);
      assert.equal(count(keySources, "guid"), guidKeys);
      assert.equal(count(keySources, "link"), linkKeys);
    });
  }
});

describe("fallbacks to links and hashes", () => {
  it("uses the GUID itself as the key", () => {
    assert.deepEqual(assignItemKeys(items(1, () => "urn:x:1")), [{ itemKey: "urn:x:1", itemKeySource: "guid" }]);
  });

  it("hashes title + date when neither GUID nor link is usable, stably", () => {
    const inputs = items(3, () => null).map((item) => ({ ...item, canonicalUrl: "https://news.example/" }));
    const first = assignItemKeys(inputs);
    assert.deepEqual(
      first.map((key) => key.itemKeySource),
      ["hash", "hash", "hash"],
    );
    assert.equal(new Set(first.map((key) => key.itemKey)).size, 3);
    assert.deepEqual(assignItemKeys(inputs), first);
    assert.match(first[0]?.itemKey ?? "", /^[0-9a-f]{64}$/);
  });

  it("gives identical title + date the same hash (true duplicates)", () => {
    const twin = { guid: null, canonicalUrl: null, title: "Same", date: "2024-01-01", content: "" };
    const [a, b] = assignItemKeys([twin, { ...twin }]);
    assert.equal(a?.itemKey, b?.itemKey);
  });

  it("uses the content when title and date are both missing", () => {
    const blank = { guid: null, canonicalUrl: null, title: "", date: "" };
    const [a, b] = assignItemKeys([
      { ...blank, content: "<p>one</p>" },
      { ...blank, content: "<p>two</p>" },
    ]);
    assert.notEqual(a?.itemKey, b?.itemKey);
  });

  it("replaces keys longer than 512 characters by their sha256", () => {
    const [key] = assignItemKeys(items(1, () => `urn:${"x".repeat(600)}`));
    assert.deepEqual(key?.itemKeySource, "guid");
    assert.match(key?.itemKey ?? "", /^sha256:[0-9a-f]{64}$/);
  });
});
