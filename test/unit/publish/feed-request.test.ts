import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseCalendarRequest } from "../../../src/publish/calendar-request.js";
import { parseFeedRequest } from "../../../src/publish/feed-request.js";

describe("saved-filter feed URLs", () => {
  it("reads lists (comma-separated or repeated), numbers and dates, in one canonical form", () => {
    const result = parseFeedRequest({
      minConfidence: "0.8",
      hypervisors: ["xen,kvm", "esx"],
      from: "2024-01-01",
      limit: "10",
    });
    assert.ok(result.ok);
    assert.deepEqual(result.request.filter, {
      hypervisors: ["esx", "kvm", "xen"],
      from: new Date("2024-01-01T00:00:00Z"),
      minConfidence: 0.8,
    });
    assert.equal(result.request.limit, 10);
    assert.equal(
      result.request.canonicalQuery,
      "from=2024-01-01&hypervisors=esx%2Ckvm%2Cxen&limit=10&minConfidence=0.8",
    );
    const reordered = parseFeedRequest({
      hypervisors: "kvm,esx,xen,xen",
      limit: "10",
      minConfidence: "0.8",
      from: "2024-01-01",
    });
    assert.ok(reordered.ok);
    assert.equal(reordered.request.canonicalQuery, result.request.canonicalQuery);
  });

  it("a per-entry path fixes its own list", () => {
    const result = parseFeedRequest({ hypervisors: "kvm", minConfidence: "0.5" }, { key: "hypervisors", slug: "xen" });
    assert.ok(result.ok);
    assert.deepEqual(result.request.filter.hypervisors, ["xen"]);
    assert.equal(result.request.canonicalQuery, "minConfidence=0.5");
  });

  const refused: [string, Record<string, unknown>, RegExp][] = [
    ["an unknown parameter (a typo in a saved URL)", { hypervisor: "xen" }, /unknown parameter hypervisor/],
    ["a confidence over 1", { minConfidence: "1.5" }, /minConfidence/],
    ["a confidence that is no number", { minConfidence: "high" }, /minConfidence/],
    ["a limit over 100", { limit: "500" }, /limit/],
    ["two limits", { limit: ["1", "2"] }, /limit/],
    ["21 slugs", { vendors: Array.from({ length: 21 }, (_, i) => `v${i}`).join(",") }, /vendors.*at most 20/],
    ["a date that is not one", { to: "next week" }, /to/],
    ["a nested object", { hypervisors: { $ne: "x" } }, /hypervisors/],
  ];
  for (const [name, query, message] of refused) {
    it(`refuses ${name}`, () => {
      const result = parseFeedRequest(query);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.message, message);
    });
  }
});

describe("calendar URLs", () => {
  it("reads hypervisors, vendors, kinds and a date range", () => {
    const result = parseCalendarRequest({
      kinds: "release,acquisition",
      hypervisors: "xen",
      from: "2007-01-01",
      to: "2009-01-01",
    });
    assert.ok(result.ok);
    assert.deepEqual(result.filter, {
      hypervisors: ["xen"],
      kinds: ["acquisition", "release"],
      from: new Date("2007-01-01T00:00:00Z"),
      to: new Date("2009-01-01T00:00:00Z"),
    });
    assert.equal(result.canonicalQuery, "from=2007-01-01&hypervisors=xen&kinds=acquisition%2Crelease&to=2009-01-01");
  });

  it("refuses an unknown kind and unknown parameters", () => {
    assert.equal(parseCalendarRequest({ kinds: "party" }).ok, false);
    assert.equal(parseCalendarRequest({ topics: "x" }).ok, false);
  });
});
