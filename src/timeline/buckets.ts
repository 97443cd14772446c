import type { DatePrecision } from "../model/catalog.js";
import { InvalidInputError } from "./domain-errors.js";

/**
 * Calendar buckets of the timeline, in UTC: DAY, WEEK (ISO weeks, from Monday), MONTH, QUARTER
 * (from January, April, July, October) and YEAR. Pure.
 */
export type Granularity = "DAY" | "WEEK" | "MONTH" | "QUARTER" | "YEAR";

/** A series longer than this is refused: ten years of days is 3 653 buckets. */
export const MAX_BUCKETS = 4_000;
const DAY_MS = 86_400_000;

/** The first instant of the bucket holding `date`. */
export function bucketStart(date: Date, granularity: Granularity): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  switch (granularity) {
    case "DAY":
      return new Date(Date.UTC(y, m, date.getUTCDate()));
    case "WEEK": {
      const day = new Date(Date.UTC(y, m, date.getUTCDate()));
      const sinceMonday = (day.getUTCDay() + 6) % 7;
      return new Date(day.getTime() - sinceMonday * DAY_MS);
    }
    case "MONTH":
      return new Date(Date.UTC(y, m, 1));
    case "QUARTER":
      return new Date(Date.UTC(y, m - (m % 3), 1));
    case "YEAR":
      return new Date(Date.UTC(y, 0, 1));
  }
}

/** The first instant after the bucket that starts at `start`. */
export function bucketEnd(start: Date, granularity: Granularity): Date {
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth();
  switch (granularity) {
    case "DAY":
      return new Date(start.getTime() + DAY_MS);
    case "WEEK":
      return new Date(start.getTime() + 7 * DAY_MS);
    case "MONTH":
      return new Date(Date.UTC(y, m + 1, 1));
    case "QUARTER":
      return new Date(Date.UTC(y, m + 3, 1));
    case "YEAR":
      return new Date(Date.UTC(y + 1, 0, 1));
  }
}

export interface BucketRange {
  start: Date;
  end: Date;
}

/** Consecutive buckets covering [from, to): the first holds `from`, the last holds the instant before `to`. */
export function bucketRanges(from: Date, to: Date, granularity: Granularity): BucketRange[] {
  const ranges: BucketRange[] = [];
  for (let start = bucketStart(from, granularity); start < to; start = bucketEnd(start, granularity)) {
    if (ranges.length === MAX_BUCKETS) {
      throw new InvalidInputError(
        `The timeline would have more than ${MAX_BUCKETS} ${granularity} buckets: narrow the dates or choose a coarser granularity.`,
      );
    }
    ranges.push({ start, end: bucketEnd(start, granularity) });
  }
  return ranges;
}

/** Articles of one day (UTC), in total and per hypervisor and vendor slug. */
export interface DayTally {
  day: Date;
  n: number;
  hv: Record<string, number>;
  v: Record<string, number>;
}

/** An event phase placed on the timeline; its date keeps the precision it is known to. */
export interface PhaseMark<TEvent> {
  event: TEvent;
  slug: string;
  phase: string;
  date: Date;
  precision: DatePrecision;
}

export interface SlugCount {
  slug: string;
  count: number;
}

export interface Bucket<TEvent> extends BucketRange {
  articleCount: number;
  byHypervisor: SlugCount[];
  byVendor: SlugCount[];
  /**
   * Phases whose date falls in the bucket. A phase known only to the month or year sits in the
   * bucket holding the first day of its month or year, and says so with its precision: a WEEK
   * bucket never claims a MONTH-precision event happened that week.
   */
  events: PhaseMark<TEvent>[];
}

/** Sums day tallies and places phases into the ranges (both already limited to them). */
export function fillBuckets<TEvent>(
  ranges: readonly BucketRange[],
  days: readonly DayTally[],
  phases: readonly PhaseMark<TEvent>[],
): Bucket<TEvent>[] {
  const buckets = ranges.map((range) => ({
    ...range,
    n: 0,
    hv: new Map<string, number>(),
    v: new Map<string, number>(),
    events: [] as PhaseMark<TEvent>[],
  }));
  const find = (date: Date) => {
    // Binary search: ranges are consecutive and sorted.
    let low = 0;
    let high = buckets.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const bucket = buckets[mid]!;
      if (date < bucket.start) high = mid - 1;
      else if (date >= bucket.end) low = mid + 1;
      else return bucket;
    }
    return undefined;
  };
  for (const day of days) {
    const bucket = find(day.day);
    if (!bucket) continue;
    bucket.n += day.n;
    for (const [slug, n] of Object.entries(day.hv)) bucket.hv.set(slug, (bucket.hv.get(slug) ?? 0) + n);
    for (const [slug, n] of Object.entries(day.v)) bucket.v.set(slug, (bucket.v.get(slug) ?? 0) + n);
  }
  for (const phase of phases) find(phase.date)?.events.push(phase);
  return buckets.map(({ start, end, n, hv, v, events }) => ({
    start,
    end,
    articleCount: n,
    byHypervisor: slugCounts(hv),
    byVendor: slugCounts(v),
    events: events.sort((a, b) => a.date.getTime() - b.date.getTime() || a.slug.localeCompare(b.slug)),
  }));
}

/** Most articles first, then by slug; zero counts left out. */
function slugCounts(counts: Map<string, number>): SlugCount[] {
  return [...counts]
    .filter(([, count]) => count > 0)
    .map(([slug, count]) => ({ slug, count }))
    .sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug));
}

/** Day tallies of individual articles (the path that cannot use the stored counts). */
export function tallyDays(
  articles: readonly { publishedAt: Date; hypervisors: readonly string[]; vendors: readonly string[] }[],
): DayTally[] {
  const byDay = new Map<number, DayTally>();
  for (const article of articles) {
    const day = bucketStart(article.publishedAt, "DAY");
    let tally = byDay.get(day.getTime());
    if (!tally) byDay.set(day.getTime(), (tally = { day, n: 0, hv: {}, v: {} }));
    tally.n += 1;
    for (const slug of new Set(article.hypervisors)) tally.hv[slug] = (tally.hv[slug] ?? 0) + 1;
    for (const slug of new Set(article.vendors)) tally.v[slug] = (tally.v[slug] ?? 0) + 1;
  }
  return [...byDay.values()].sort((a, b) => a.day.getTime() - b.day.getTime());
}
