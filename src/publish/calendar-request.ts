import { z } from "zod";

import type { EventKind } from "../model/catalog.js";
import type { EventFilterInput } from "../timeline/event-match.js";
import { commaList, isoDate, text } from "./query-params.js";

const EVENT_KINDS = [
  "acquisition",
  "release",
  "announcement",
  "licensing",
  "milestone",
  "security",
  "hardware",
  "financial",
] as const satisfies readonly EventKind[];

/** `/calendar/events.ics?hypervisors=xen&kinds=release,acquisition&from=2008-01-01&to=2010-01-01`. */
const querySchema = z.strictObject({
  hypervisors: commaList(text(64)).optional(),
  vendors: commaList(text(64)).optional(),
  kinds: commaList(z.enum(EVENT_KINDS)).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export type CalendarRequestResult =
  { ok: true; filter: EventFilterInput; canonicalQuery: string } | { ok: false; message: string };

/** Narrows the (untrusted) calendar query, like the timeline's event filter; unknown keys refused. */
export function parseCalendarRequest(query: unknown): CalendarRequestResult {
  const parsed = querySchema.safeParse(query ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `\`${issue.path.join(".")}\`: ` : "";
    const message = issue?.code === "unrecognized_keys" ? `unknown parameter ${issue.keys.join(", ")}` : issue?.message;
    return { ok: false, message: `${where}${message ?? "invalid query"}` };
  }
  const q = parsed.data;
  const sorted = (values: readonly string[] | undefined) => (values ? [...new Set(values)].sort() : undefined);
  const filter: EventFilterInput = {
    ...(q.hypervisors ? { hypervisors: sorted(q.hypervisors) } : {}),
    ...(q.vendors ? { vendors: sorted(q.vendors) } : {}),
    ...(q.kinds ? { kinds: sorted(q.kinds) as EventKind[] } : {}),
    ...(q.from ? { from: new Date(q.from) } : {}),
    ...(q.to ? { to: new Date(q.to) } : {}),
  };
  const pairs: [string, string][] = [];
  for (const key of ["from", "hypervisors", "kinds", "to", "vendors"] as const) {
    const value = q[key];
    if (value === undefined) continue;
    pairs.push([key, Array.isArray(value) ? (sorted(value) ?? []).join(",") : value]);
  }
  return { ok: true, filter, canonicalQuery: new URLSearchParams(pairs).toString() };
}
