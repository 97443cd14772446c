import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { rollupIncrements } from "../../../src/store/timeline-rollups.js";
import {
  bucketEnd,
  bucketRanges,
  bucketStart,
  fillBuckets,
  type Granularity,
  tallyDays,
} from "../../../src/timeline/buckets.js";

const d = (text: string) => new Date(text);
const iso = (date: Date) => date.toISOString().slice(0, 10);

describe("timeline buckets", () => {
  const starts: [Granularity, string, string, string][] = [
    ["DAY", "2024-02-29T23:59:59Z", "2024-02-29", "2024-03-01"],
    ["WEEK", "2024-01-03T10:00:00Z", "2024-01-01", "2024-01-08"], // Wednesday → Monday
    ["WEEK", "2024-01-07T23:00:00Z", "2024-01-01", "2024-01-08"], // Sunday belongs to the week before
    ["MONTH", "2024-02-15T00:00:00Z", "2024-02-01", "2024-03-01"],
    ["QUARTER", "2024-08-15T00:00:00Z", "2024-07-01", "2024-10-01"],
    ["YEAR", "2024-12-31T23:59:59Z", "2024-01-01", "2025-01-01"],
  ];
  for (const [granularity, date, start, end] of starts) {
    it(`${granularity}: ${date} is in [${start}, ${end})`, () => {
      const first = bucketStart(d(date), granularity);
      assert.equal(iso(first), start);
      assert.equal(iso(bucketEnd(first, granularity)), end);
    });
  }

  it("covers [from, to) with consecutive buckets and refuses more than 4000", () => {
    const months = bucketRanges(d("2015-01-15T00:00:00Z"), d("2025-01-01T00:00:00Z"), "MONTH");
    assert.equal(months.length, 120);
    assert.ok(months.every((range, i) => i === 0 || range.start.getTime() === months[i - 1]!.end.getTime()));
    assert.throws(() => bucketRanges(d("1980-01-01T00:00:00Z"), d("2025-01-01T00:00:00Z"), "DAY"), {
      code: "INVALID_INPUT",
    });
  });

  it("sums days into buckets and places partial-date phases at the start of their period, precision kept", () => {
    const days = tallyDays([
      { publishedAt: d("2007-08-15T10:00:00Z"), hypervisors: ["xen", "xen"], vendors: ["citrix"] },
      { publishedAt: d("2007-08-31T23:00:00Z"), hypervisors: ["xen", "kvm"], vendors: [] },
      { publishedAt: d("2007-09-01T00:00:00Z"), hypervisors: [], vendors: [] },
    ]);
    const ranges = bucketRanges(d("2007-07-30T00:00:00Z"), d("2007-09-03T00:00:00Z"), "WEEK");
    const phase = {
      event: "x",
      slug: "x",
      phase: "released",
      date: d("2007-08-01T00:00:00Z"),
      precision: "MONTH" as const,
    };
    const buckets = fillBuckets(ranges, days, [phase]);
    assert.deepEqual(
      buckets.map((b) => b.articleCount),
      [0, 0, 1, 0, 2],
    );
    assert.deepEqual(buckets[2]!.byHypervisor, [{ slug: "xen", count: 1 }]);
    assert.deepEqual(buckets[4]!.byHypervisor, [
      { slug: "kvm", count: 1 },
      { slug: "xen", count: 1 },
    ]);
    assert.deepEqual(
      buckets[0]!.events.map((e) => [e.slug, e.precision]),
      [["x", "MONTH"]],
    );
  });

  it("turns article changes into per-month $inc paths, cancelling out and ignoring unsafe keys", () => {
    const before = { publishedAt: d("2020-01-15T10:00:00Z"), hypervisors: ["xen"], vendors: ["citrix"] };
    const after = { publishedAt: d("2020-01-15T10:00:00Z"), hypervisors: ["kvm"], vendors: ["citrix", "$set", "a.b"] };
    assert.deepEqual(Object.fromEntries(rollupIncrements([{ before, after }])), {
      "2020-01": { "days.15.hv.xen": -1, "days.15.hv.kvm": 1 },
    });
    assert.deepEqual(Object.fromEntries(rollupIncrements([{ before: null, after: before }])), {
      "2020-01": { "days.15.n": 1, "days.15.hv.xen": 1, "days.15.v.citrix": 1 },
    });
    assert.equal(rollupIncrements([{ before, after: before }]).size, 0);
  });
});
