import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ObjectId } from "mongodb";

import { type LiveArticleCriteria, matchesArticleCriteria } from "../../../src/events/article-criteria.js";
import type { ArticleChange } from "../../../src/events/topics.js";
import type { ArticleLink } from "../../../src/model/links.js";
import { type ArticleCriteria, linksMatch, needsLinkCheck } from "../../../src/store/article-queries.js";

const FEED_A = "0000000000000000000000a1";
const FEED_B = "0000000000000000000000b2";

const link = (kind: ArticleLink["kind"], slug: string, confidence: number, rejected = false): ArticleLink => ({
  kind,
  slug,
  confidence,
  rejected,
  origin: "AUTO",
  evidence: [],
  relation: null,
});

const ARTICLES: Record<string, { links: ArticleLink[]; feedIds: string[]; publishedAt: string }> = {
  xen: { links: [link("HYPERVISOR", "xen", 0.95)], feedIds: [FEED_A], publishedAt: "2024-03-01T00:00:00.000Z" },
  kvm: { links: [link("HYPERVISOR", "kvm", 0.6)], feedIds: [FEED_B], publishedAt: "2024-04-01T00:00:00.000Z" },
  both: {
    links: [link("HYPERVISOR", "xen", 0.9), link("HYPERVISOR", "kvm", 0.9), link("VENDOR", "citrix", 0.7)],
    feedIds: [FEED_A, FEED_B],
    publishedAt: "2024-05-01T00:00:00.000Z",
  },
  rejectedXen: {
    links: [link("HYPERVISOR", "xen", 1, true)],
    feedIds: [FEED_A],
    publishedAt: "2024-06-01T00:00:00.000Z",
  },
  none: { links: [], feedIds: [FEED_B], publishedAt: "2024-07-01T00:00:00.000Z" },
};

const base: ArticleCriteria = {
  links: [],
  feedIds: [],
  from: null,
  to: null,
  tokens: [],
  minConfidence: null,
  rejectedLinks: "EXCLUDE",
};

const CRITERIA: [string, Partial<ArticleCriteria>][] = [
  ["no filter", {}],
  ["xen (ANY)", { links: [{ kind: "HYPERVISOR", slugs: ["xen"], mode: "ANY" }] }],
  ["xen or kvm", { links: [{ kind: "HYPERVISOR", slugs: ["xen", "kvm"], mode: "ANY" }] }],
  ["xen and kvm", { links: [{ kind: "HYPERVISOR", slugs: ["xen", "kvm"], mode: "ALL" }] }],
  [
    "xen, vendor citrix",
    {
      links: [
        { kind: "HYPERVISOR", slugs: ["xen"], mode: "ANY" },
        { kind: "VENDOR", slugs: ["citrix"], mode: "ANY" },
      ],
    },
  ],
  ["kvm at 0.8", { links: [{ kind: "HYPERVISOR", slugs: ["kvm"], mode: "ANY" }], minConfidence: 0.8 }],
  ["anything at 0.8", { minConfidence: 0.8 }],
  [
    "xen, rejected included",
    { links: [{ kind: "HYPERVISOR", slugs: ["xen"], mode: "ANY" }], rejectedLinks: "INCLUDE" },
  ],
  ["rejected only", { rejectedLinks: "ONLY" }],
  ["feed B", { feedIds: [new ObjectId(FEED_B)] }],
  ["April onwards", { from: new Date("2024-04-01T00:00:00Z") }],
  ["before May", { to: new Date("2024-05-01T00:00:00Z") }],
];

/** What the articles query keeps: the database filter's meaning, then linksMatch (src/store/article-queries.ts). */
function queryKeeps(criteria: ArticleCriteria, article: (typeof ARTICLES)[string]): boolean {
  const published = new Date(article.publishedAt);
  const feeds = criteria.feedIds.map((id) => id.toHexString());
  if (feeds.length > 0 && !feeds.some((id) => article.feedIds.includes(id))) return false;
  if (criteria.from && published < criteria.from) return false;
  if (criteria.to && published >= criteria.to) return false;
  const slugs = (kind: ArticleLink["kind"]) =>
    article.links
      .filter((l) => l.kind === kind && (criteria.rejectedLinks !== "EXCLUDE" || !l.rejected))
      .map((l) => l.slug);
  for (const condition of criteria.links) {
    const has = (slug: string) => slugs(condition.kind).includes(slug);
    if (!(condition.mode === "ALL" ? condition.slugs.every(has) : condition.slugs.some(has))) return false;
  }
  const anyRejected = article.links.some((l) => l.rejected);
  if (criteria.links.length === 0 && criteria.rejectedLinks === "ONLY" && !anyRejected) return false;
  return !needsLinkCheck(criteria) || linksMatch(criteria, article.links);
}

describe("live article filter: the same meaning as the articles query", () => {
  for (const [name, partial] of CRITERIA) {
    it(name, () => {
      const criteria = { ...base, ...partial };
      const live: LiveArticleCriteria = { ...criteria, feedIds: criteria.feedIds.map((id) => id.toHexString()) };
      for (const [key, article] of Object.entries(ARTICLES)) {
        const change: ArticleChange = {
          articleId: "0".repeat(24),
          feedIds: article.feedIds,
          publishedAt: article.publishedAt,
          links: article.links.map(({ kind, slug, confidence, rejected }) => ({ kind, slug, confidence, rejected })),
        };
        assert.equal(matchesArticleCriteria(change, live), queryKeeps(criteria, article), `${name} / ${key}`);
      }
    });
  }

  it("a xen-only filter keeps no KVM article", () => {
    const xenOnly: LiveArticleCriteria = {
      ...base,
      feedIds: [],
      links: [{ kind: "HYPERVISOR", slugs: ["xen"], mode: "ANY" }],
    };
    const kvm = ARTICLES["kvm"];
    assert.ok(kvm);
    assert.equal(
      matchesArticleCriteria(
        { articleId: "0".repeat(24), feedIds: kvm.feedIds, publishedAt: kvm.publishedAt, links: kvm.links },
        xenOnly,
      ),
      false,
    );
  });
});
