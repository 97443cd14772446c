import type { EventKind, TimelineEvent } from "../model/catalog.js";
import type { ArticleCriteria } from "../store/article-queries.js";
import type { PhaseMark } from "./buckets.js";
import { tokenize } from "./search-tokens.js";

/**
 * Which catalog events a timeline filter keeps. Events have hypervisors, vendors and a slug
 * but no topics, feeds or link confidences: a filter on topics or feeds, or on rejected links
 * only, keeps no event; a confidence threshold does not apply to them. Pure.
 */
export function eventMatches(event: TimelineEvent, criteria: ArticleCriteria): boolean {
  if (criteria.feedIds.length > 0 || criteria.rejectedLinks === "ONLY") return false;
  for (const condition of criteria.links) {
    const has =
      condition.kind === "HYPERVISOR"
        ? (slug: string) => event.hypervisors.includes(slug)
        : condition.kind === "VENDOR"
          ? (slug: string) => event.vendors.includes(slug)
          : condition.kind === "EVENT"
            ? (slug: string) => event.slug === slug
            : () => false;
    if (!(condition.mode === "ALL" ? condition.slugs.every(has) : condition.slugs.some(has))) return false;
  }
  if (criteria.tokens.length > 0) {
    const words = new Set(tokenize(event.title));
    if (!criteria.tokens.every((token) => words.has(token))) return false;
  }
  return true;
}

/** The dated phases of the kept events that fall in [from, to) (either end open when null). */
export function phaseMarks(events: readonly TimelineEvent[], criteria: ArticleCriteria): PhaseMark<TimelineEvent>[] {
  const marks: PhaseMark<TimelineEvent>[] = [];
  for (const event of events) {
    if (!eventMatches(event, criteria)) continue;
    for (const phase of event.phases) {
      if (criteria.from && phase.date < criteria.from) continue;
      if (criteria.to && phase.date >= criteria.to) continue;
      marks.push({ event, slug: event.slug, phase: phase.name, date: phase.date, precision: phase.precision });
    }
  }
  return marks;
}

/** The filter of the `events` list. */
export interface EventFilterInput {
  kinds?: EventKind[] | null;
  hypervisors?: string[] | null;
  vendors?: string[] | null;
  from?: Date | null;
  to?: Date | null;
  text?: string | null;
}

/** An event's place in the events list: its earliest phase (newest events first). */
export const eventDate = (event: TimelineEvent): Date =>
  event.phases.reduce(
    (earliest, phase) => (phase.date < earliest ? phase.date : earliest),
    event.phases[0]?.date ?? new Date(0),
  );
