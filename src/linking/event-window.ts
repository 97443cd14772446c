import type { EventPhase } from "../model/catalog.js";
import type { LinkerOptions } from "./linker-options.js";

export const DAY_MS = 86_400_000;

/** A phase as an interval: a day, a month or a year, following the date's precision. */
export interface PhaseSpan {
  phase: EventPhase;
  /** Epoch ms of the first instant. */
  start: number;
  /** Epoch ms just after the last instant. */
  end: number;
}

export function phaseSpan(phase: EventPhase): PhaseSpan {
  const date = phase.date;
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const start = date.getTime();
  if (phase.precision === "YEAR") return { phase, start, end: Date.UTC(year + 1, 0, 1) };
  if (phase.precision === "MONTH") return { phase, start, end: Date.UTC(year, month + 1, 1) };
  return { phase, start, end: start + DAY_MS };
}

/** Where an article's date falls relative to an event's phases. */
export interface EventTiming {
  /** Within [start - windowBefore, end + windowAfter] of some phase. */
  inWindow: boolean;
  /** The phase closest to the date. */
  nearest: PhaseSpan;
  /** Signed whole days from the nearest phase: 0 inside it, negative before it. */
  daysFromNearest: number;
  /** Before the first phase began (a preview or a rumour). */
  beforeFirst: boolean;
  /** Whole days after the last phase ended (negative when not after it). */
  daysAfterLast: number;
}

/** Places a date against phases sorted by date (at least one). */
export function placeInTime(spans: readonly PhaseSpan[], publishedAt: number, options: LinkerOptions): EventTiming {
  const before = options.windowBeforeDays * DAY_MS;
  const after = options.windowAfterDays * DAY_MS;
  let nearest = spans[0] as PhaseSpan;
  let nearestDistance = Number.POSITIVE_INFINITY;
  let inWindow = false;
  for (const span of spans) {
    if (publishedAt >= span.start - before && publishedAt < span.end + after) inWindow = true;
    const distance = signedDistance(span, publishedAt);
    if (Math.abs(distance) < Math.abs(nearestDistance)) {
      nearest = span;
      nearestDistance = distance;
    }
  }
  const first = spans[0] as PhaseSpan;
  const last = spans[spans.length - 1] as PhaseSpan;
  return {
    inWindow,
    nearest,
    daysFromNearest: Math.trunc(nearestDistance / DAY_MS),
    beforeFirst: publishedAt < first.start,
    daysAfterLast: Math.trunc((publishedAt - last.end) / DAY_MS),
  };
}

/** 0 inside the span, negative ms before its start, positive ms after its end. */
function signedDistance(span: PhaseSpan, at: number): number {
  if (at < span.start) return at - span.start;
  if (at >= span.end) return at - span.end + 1;
  return 0;
}
