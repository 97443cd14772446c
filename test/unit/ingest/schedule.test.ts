import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  createSchedulePolicy,
  estimatePostInterval,
  NO_HINTS,
  type PollingHints,
  scheduleNextFetch,
} from "../../../src/ingest/schedule.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const now = new Date("2026-03-01T12:00:00Z");
const policy = createSchedulePolicy({
  floorMs: 15 * MIN,
  ceilingMs: DAY,
  backoffBaseMs: 5 * MIN,
  backoffCapMs: 12 * HOUR,
});
/** random() = 0.5 means no jitter: 1 + ratio * (2 * 0.5 - 1) = 1. */
const noJitter = () => 0.5;

const waitOf = (input: {
  failures?: number;
  postIntervalMs?: number | null;
  hints?: Partial<PollingHints>;
  random?: () => number;
}) => {
  const next = scheduleNextFetch(policy, {
    now,
    failures: input.failures ?? 0,
    postIntervalMs: input.postIntervalMs ?? null,
    hints: { ...NO_HINTS, ...input.hints },
    random: input.random ?? noJitter,
  });
  return { ms: next.at.getTime() - now.getTime(), basis: next.reason.basis, detail: next.reason.detail };
};

describe("scheduleNextFetch: success adapts to the posting rate within floor and ceiling", () => {
  const table: [string, number | null, number][] = [
    ["unknown rate: the default (1 h)", null, HOUR],
    ["one post per 4 h: polled every 2 h", 4 * HOUR, 2 * HOUR],
    ["one post per 5 min: held at the floor", 5 * MIN, 15 * MIN],
    ["one post per week: held at the ceiling", 7 * DAY, DAY],
  ];
  for (const [name, postIntervalMs, expected] of table) {
    it(name, () => {
      const next = waitOf({ postIntervalMs });
      assert.equal(next.ms, expected);
      assert.equal(next.basis, "adaptive");
    });
  }
});

describe("scheduleNextFetch: hints are never undercut", () => {
  const table: [string, Partial<PollingHints>, number, RegExp][] = [
    ["RSS ttl above the adaptive interval", { ttlMinutes: 180 }, 3 * HOUR, /RSS ttl 180 min/],
    ["Cache-Control max-age", { cacheControl: "public, max-age=10800" }, 3 * HOUR, /max-age=10800/],
    ["Expires", { expires: new Date(now.getTime() + 5 * HOUR).toUTCString() }, 5 * HOUR, /Expires/],
    ["Retry-After", { retryAt: new Date(now.getTime() + 4 * HOUR) }, 4 * HOUR, /Retry-After/],
    ["the longest of several", { ttlMinutes: 120, cacheControl: "max-age=18000" }, 5 * HOUR, /max-age=18000/],
    ["a huge hint is capped (polling never stops)", { cacheControl: "max-age=999999999" }, 7 * DAY, /capped/],
  ];
  for (const [name, hints, expected, detail] of table) {
    it(name, () => {
      const next = waitOf({ postIntervalMs: 2 * HOUR, hints });
      assert.equal(next.ms, expected);
      assert.equal(next.basis, "hint");
      assert.match(next.detail, detail);
    });
  }

  it("ignores hints shorter than the adaptive interval, no-cache, and Expires when max-age is present", () => {
    assert.equal(waitOf({ postIntervalMs: 4 * HOUR, hints: { ttlMinutes: 5 } }).basis, "adaptive");
    assert.equal(waitOf({ postIntervalMs: 4 * HOUR, hints: { cacheControl: "no-cache, max-age=99999" } }).ms, 2 * HOUR);
    const expires = new Date(now.getTime() + 9 * HOUR).toUTCString();
    assert.equal(waitOf({ postIntervalMs: 4 * HOUR, hints: { cacheControl: "max-age=60", expires } }).ms, 2 * HOUR);
    assert.equal(waitOf({ postIntervalMs: 4 * HOUR, hints: { expires: "not a date" } }).ms, 2 * HOUR);
  });
});

describe("scheduleNextFetch: failures back off exponentially up to the cap", () => {
  const table: [number, number][] = [
    [1, 5 * MIN],
    [2, 10 * MIN],
    [3, 20 * MIN],
    [4, 40 * MIN],
    [8, 640 * MIN],
    [9, 12 * HOUR],
    [500, 12 * HOUR],
  ];
  for (const [failures, expected] of table) {
    it(`failure ${failures} waits ${expected / MIN} min`, () => {
      const next = waitOf({ failures, postIntervalMs: 2 * HOUR });
      assert.equal(next.ms, expected);
      assert.equal(next.basis, "backoff");
      assert.match(next.detail, new RegExp(`backoff step ${failures}`));
    });
  }

  it("waits for Retry-After when it is longer than the backoff step (429)", () => {
    const next = waitOf({ failures: 1, hints: { retryAt: new Date(now.getTime() + 30 * MIN) } });
    assert.equal(next.ms, 30 * MIN);
    assert.equal(next.basis, "hint");
  });
});

describe("scheduleNextFetch: jitter stays within ±10 % and inside the bounds", () => {
  const lowest = () => 0;
  const highest = () => 0.999999;
  it("spreads an adaptive interval", () => {
    assert.equal(waitOf({ postIntervalMs: 4 * HOUR, random: lowest }).ms, 0.9 * 2 * HOUR);
    const high = waitOf({ postIntervalMs: 4 * HOUR, random: highest }).ms;
    assert.ok(high > 2.19 * HOUR && high <= 2.2 * HOUR, `got ${high}`);
  });
  it("never below the floor nor above the ceiling or the cap", () => {
    assert.equal(waitOf({ postIntervalMs: MIN, random: lowest }).ms, 15 * MIN);
    assert.equal(waitOf({ postIntervalMs: 30 * DAY, random: highest }).ms, DAY);
    assert.equal(waitOf({ failures: 40, random: highest }).ms, 12 * HOUR);
    assert.equal(waitOf({ failures: 1, random: lowest }).ms, 5 * MIN);
  });
  it("never shortens a hint", () => {
    const hinted = waitOf({ postIntervalMs: HOUR, hints: { ttlMinutes: 600 }, random: lowest });
    assert.equal(hinted.ms, 10 * HOUR);
  });
});

describe("createSchedulePolicy", () => {
  it("refuses a floor above the ceiling", () => {
    assert.throws(
      () => createSchedulePolicy({ floorMs: DAY, ceilingMs: HOUR, backoffBaseMs: MIN, backoffCapMs: HOUR }),
      /floor/,
    );
  });
});

describe("estimatePostInterval", () => {
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * HOUR);
  it("is the mean gap between the newest posts", () => {
    assert.equal(estimatePostInterval([hoursAgo(1), hoursAgo(7), hoursAgo(13), hoursAgo(19)], now), 6 * HOUR);
  });
  it("is at least the silence since the newest post", () => {
    assert.equal(estimatePostInterval([hoursAgo(100), hoursAgo(101)], now), 100 * HOUR);
  });
  it("ignores future dates and needs two dates", () => {
    assert.equal(estimatePostInterval([hoursAgo(-5), hoursAgo(2)], now), null);
    assert.equal(estimatePostInterval([], now), null);
  });
  it("reads only the 20 newest dates", () => {
    const dates = Array.from({ length: 40 }, (_, index) => hoursAgo(index < 20 ? index : 1000 + index));
    assert.equal(estimatePostInterval(dates, now), HOUR);
  });
});
