import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { phraseKey, phraseVariants, tokenize } from "../../../src/linking/normalize.js";

const texts = (input: string, markup = false) => tokenize(input, markup).map((token) => token.text);

describe("tokenize", () => {
  const cases: [string, string[]][] = [
    ["Hyper-V", ["hyper", "v"]],
    ["Hyper V", ["hyper", "v"]],
    ["HYPER-V", ["hyper", "v"]],
    ["HyperV", ["hyperv"]],
    ["ESX3i", ["esx", "3", "i"]],
    ["ESX 3i", ["esx", "3", "i"]],
    ["ESX 3.5 Update 2", ["esx", "3", "5", "update", "2"]],
    ["VMware's vSphere", ["vmware", "s", "vsphere"]],
    ["Linux 2.6.20", ["linux", "2", "6", "20"]],
    ["Qumranét", ["qumranet"]],
    ["  --  ", []],
  ];
  for (const [input, expected] of cases) {
    it(`splits ${JSON.stringify(input)}`, () => assert.deepEqual(texts(input), expected));
  }

  it("keeps each token's offsets in the original text", () => {
    const tokens = tokenize("Red Hat buys KVM");
    assert.deepEqual(
      tokens.map((token) => [token.start, token.end]),
      [
        [0, 3],
        [4, 7],
        [8, 12],
        [13, 16],
      ],
    );
  });

  it("skips HTML tags and character references when asked, with offsets into the HTML", () => {
    const html = '<p class="lead">Citrix &amp; <b>XenSource</b>&#39;s deal</p>';
    const tokens = tokenize(html, true);
    assert.deepEqual(
      tokens.map((token) => token.text),
      ["citrix", "xensource", "s", "deal"],
    );
    assert.equal(html.slice(tokens[1]?.start, tokens[1]?.end), "XenSource");
  });

  it("reads markup as text when not asked to skip it", () => {
    assert.deepEqual(texts("<b>x</b>"), ["b", "x", "b"]);
  });
});

describe("phraseVariants", () => {
  it("adds the run-together spelling of short phrases", () => {
    assert.deepEqual(phraseVariants("Hyper-V"), [["hyper", "v"], ["hyperv"]]);
    assert.deepEqual(phraseVariants("Red Hat"), [["red", "hat"], ["redhat"]]);
  });

  it("adds nothing when running together changes no token", () => {
    assert.deepEqual(phraseVariants("ESX 3i"), [["esx", "3", "i"]]);
    assert.deepEqual(phraseVariants("KVM"), [["kvm"]]);
  });

  it("keeps long phrases as written", () => {
    assert.deepEqual(phraseVariants("Windows Server 2008 Hyper-V"), [["windows", "server", "2008", "hyper", "v"]]);
  });

  it("gives phrases that match the same text the same key", () => {
    assert.equal(phraseKey("ESX3i"), phraseKey("ESX 3i"));
    assert.equal(phraseKey("Hyper V"), phraseKey("hyper-v"));
    assert.equal(phraseKey("!!"), "");
  });
});
