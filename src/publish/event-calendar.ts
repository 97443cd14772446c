import ical, { ICalEventTransparency } from "ical-generator";

import type { DatePrecision, EventPhase, TimelineEvent } from "../model/catalog.js";
import { xmlSafe } from "./safe-text.js";

export const CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8";

export interface CalendarMeta {
  name: string;
  description: string;
  /** The calendar's own URL (URL / SOURCE properties). */
  selfUrl: string;
  /** Right-hand side of every UID: the public host, so UIDs are unique beyond this service. */
  host: string;
}

export interface BuiltCalendar {
  body: string;
  contentType: string;
}

const PRECISION_NOTE: Readonly<Record<DatePrecision, string | null>> = {
  DAY: null,
  MONTH: "Date known to the month only.",
  YEAR: "Date known to the year only.",
};

/**
 * The all-day span of a phase (end exclusive, RFC 5545 §3.6.1 for VALUE=DATE):
 * - DAY: that day;
 * - MONTH: the whole month, which is what "March 2008" claims and no more;
 * - YEAR: only January 1 (a year-long bar would swamp every calendar view), with the summary
 *   and description saying the day is not known.
 */
export function phaseSpan(phase: Pick<EventPhase, "date" | "precision">): { start: Date; end: Date } {
  const start = phase.date;
  const [year, month, day] = [start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()];
  switch (phase.precision) {
    case "DAY":
      return { start, end: new Date(Date.UTC(year, month, day + 1)) };
    case "MONTH":
      return { start: new Date(Date.UTC(year, month, 1)), end: new Date(Date.UTC(year, month + 1, 1)) };
    case "YEAR":
      return { start: new Date(Date.UTC(year, 0, 1)), end: new Date(Date.UTC(year, 0, 2)) };
  }
}

/** `<event-slug>-<phase>@<host>`: stable as long as the catalog keeps the slug and phase name. */
export const phaseUid = (event: Pick<TimelineEvent, "slug">, phase: Pick<EventPhase, "name">, host: string) =>
  `${event.slug}-${phase.name}@${host}`;

const PHASE_LABEL: Readonly<Record<string, string>> = {
  announced: "announced",
  closed: "closed",
  released: "released",
  available: "available",
  "end-of-life": "end of life",
  merged: "merged",
  revised: "revised",
};

/**
 * One VEVENT per dated phase of each event, all-day (these are dates, not instants), marked
 * transparent so they never block anyone's free/busy time. Pure and deterministic: DTSTAMP is
 * the phase date, not "now", so the same catalog gives the same bytes (and the same ETag).
 */
export function buildEventCalendar(meta: CalendarMeta, events: readonly TimelineEvent[]): BuiltCalendar {
  const calendar = ical({
    name: xmlSafe(meta.name),
    description: xmlSafe(meta.description),
    prodId: { company: "Hypervisor News Graph", product: "events", language: "EN" },
    url: meta.selfUrl,
    source: meta.selfUrl,
  });
  for (const event of events) {
    for (const phase of event.phases) {
      const { start, end } = phaseSpan(phase);
      const note = PRECISION_NOTE[phase.precision];
      const label = PHASE_LABEL[phase.name] ?? phase.name;
      calendar.createEvent({
        id: phaseUid(event, phase, meta.host),
        start,
        end,
        allDay: true,
        stamp: phase.date,
        summary: xmlSafe(`${event.title} (${label}${phase.precision === "DAY" ? "" : `, ${monthOrYear(phase)}`})`),
        description: xmlSafe(
          [note, phase.dateNote, ...event.sources.map((source) => `${source.title}: ${source.url}`)]
            .filter((line): line is string => Boolean(line))
            .join("\n"),
        ),
        categories: [{ name: event.kind }, ...event.hypervisors.map((name) => ({ name }))],
        transparency: ICalEventTransparency.TRANSPARENT,
        url: event.sources[0]?.url ?? null,
      });
    }
  }
  return { body: calendar.toString(), contentType: CALENDAR_CONTENT_TYPE };
}

function monthOrYear(phase: Pick<EventPhase, "date" | "precision">): string {
  const year = phase.date.getUTCFullYear();
  if (phase.precision === "YEAR") return `${year}, day unknown`;
  return `${phase.date.toLocaleString("en", { month: "long", timeZone: "UTC" })} ${year}`;
}
