import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { ArticleLink } from "../../../src/model/links.js";
import { articleFilterOf, linksMatch, needsLinkCheck } from "../../../src/store/article-queries.js";
import { articleCriteriaOf } from "../../../src/timeline/article-filter.js";

const link = (slug: string, confidence = 0.9, rejected = false): ArticleLink => ({
  kind: "HYPERVISOR",
  slug,
  confidence,
  origin: rejected ? "MANUAL" : "AUTO",
  evidence: [],
  relation: null,
  rejected,
});

describe("article filter", () => {
  it("builds a filter whose keys are all ours and whose values are checked", () => {
    const criteria = articleCriteriaOf({
      hypervisors: ["xen", "kvm"],
      hypervisorMatch: "ALL",
      vendors: ["citrix"],
      feeds: ["0123456789abcdef01234567"],
      from: new Date("2020-01-01T00:00:00Z"),
      text: "Live Migration",
    });
    assert.deepEqual(JSON.parse(JSON.stringify(articleFilterOf(criteria))), {
      $and: [
        { hypervisors: { $all: ["xen", "kvm"] } },
        { vendors: { $in: ["citrix"] } },
        { feedIds: { $in: ["0123456789abcdef01234567"] } },
        { publishedAt: { $gte: "2020-01-01T00:00:00.000Z" } },
        { searchTokens: { $all: ["live", "migration"] } },
      ],
    });
    assert.equal(needsLinkCheck(criteria), false);
  });

  const refused: [string, Parameters<typeof articleCriteriaOf>[0]][] = [
    ["an operator as a slug", { hypervisors: ["$gt"] }],
    ["a dotted slug", { vendors: ["a.b"] }],
    ["a regex as search text", { text: "(a+)+$" }],
    ["a long search text", { text: "x".repeat(201) }],
    ["a non-id feed", { feeds: ['{"$ne":1}'] }],
  ];
  for (const [name, input] of refused) {
    it(`refuses ${name}`, () => assert.throws(() => articleCriteriaOf(input), { code: "INVALID_INPUT" }));
  }

  it("checks confidence and rejections exactly, on the article's links", () => {
    const links = [link("xen", 0.95), link("kvm", 0.4), link("esx", 1, true)];
    const check = (input: Parameters<typeof articleCriteriaOf>[0]) => linksMatch(articleCriteriaOf(input), links);
    assert.equal(check({ hypervisors: ["kvm"], minConfidence: 0.5 }), false);
    assert.equal(check({ hypervisors: ["kvm", "xen"], minConfidence: 0.5 }), true);
    assert.equal(check({ hypervisors: ["kvm", "xen"], hypervisorMatch: "ALL", minConfidence: 0.5 }), false);
    assert.equal(check({ hypervisors: ["esx"], rejectedLinks: "EXCLUDE", minConfidence: 0 }), false);
    assert.equal(check({ hypervisors: ["esx"], rejectedLinks: "INCLUDE" }), true);
    assert.equal(check({ hypervisors: ["xen"], rejectedLinks: "ONLY" }), false);
    assert.equal(check({ rejectedLinks: "ONLY" }), true);
  });
});
