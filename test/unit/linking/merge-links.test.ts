import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { linkSlugs, mergeArticleLinks } from "../../../src/linking/merge-links.js";
import type { ArticleLink, LinkKind, LinkOrigin } from "../../../src/model/links.js";

const link = (kind: LinkKind, slug: string, origin: LinkOrigin = "AUTO", rejected = false): ArticleLink => ({
  kind,
  slug,
  confidence: origin === "MANUAL" ? 1 : 0.9,
  origin,
  evidence: [],
  relation: null,
  rejected,
});

describe("mergeArticleLinks", () => {
  it("replaces old AUTO links with the fresh ones", () => {
    const merged = mergeArticleLinks([link("HYPERVISOR", "xen")], [link("HYPERVISOR", "kvm")]);
    assert.deepEqual(merged, [link("HYPERVISOR", "kvm")]);
  });

  it("keeps MANUAL links and does not duplicate them with AUTO ones", () => {
    const manual = link("EVENT", "citrix-acquires-xensource", "MANUAL");
    const merged = mergeArticleLinks([manual], [link("EVENT", "citrix-acquires-xensource"), link("VENDOR", "citrix")]);
    assert.deepEqual(merged, [manual, link("VENDOR", "citrix")]);
  });

  it("never re-adds a rejected link, and keeps the rejection", () => {
    const rejection = link("HYPERVISOR", "kvm", "MANUAL", true);
    const merged = mergeArticleLinks([rejection, link("HYPERVISOR", "xen")], [link("HYPERVISOR", "kvm")]);
    assert.deepEqual(merged, [rejection]);
  });

  it("matches decisions by kind and slug: a vendor decision does not block the hypervisor", () => {
    const rejectedVendor = link("VENDOR", "virtual-iron", "MANUAL", true);
    const merged = mergeArticleLinks(
      [rejectedVendor],
      [link("HYPERVISOR", "virtual-iron"), link("VENDOR", "virtual-iron")],
    );
    assert.deepEqual(merged, [rejectedVendor, link("HYPERVISOR", "virtual-iron")]);
  });
});

describe("linkSlugs", () => {
  it("lists each non-rejected slug once per kind", () => {
    const slugs = linkSlugs([
      link("HYPERVISOR", "esx"),
      link("HYPERVISOR", "esx", "MANUAL"),
      link("HYPERVISOR", "kvm", "MANUAL", true),
      link("VENDOR", "vmware"),
      link("TOPIC", "licensing-pricing"),
      link("EVENT", "vmware-esxi-free"),
    ]);
    assert.deepEqual(slugs, {
      hypervisors: ["esx"],
      vendors: ["vmware"],
      topics: ["licensing-pricing"],
      events: ["vmware-esxi-free"],
    });
  });
});
