import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { TimelineEvent } from "../../../src/model/catalog.js";
import { buildEventCalendar, phaseSpan, phaseUid } from "../../../src/publish/event-calendar.js";

const meta = {
  name: "Events",
  description: "Dated events",
  selfUrl: "https://news.example/calendar/events.ics",
  host: "news.example",
};

const event: TimelineEvent = {
  slug: "vmware-buys-xensource",
  title: "Citrix acquires XenSource; a title with, commas; and \\ backslashes",
  kind: "acquisition",
  phases: [
    { name: "announced", date: new Date("2007-08-15T00:00:00Z"), precision: "DAY", dateNote: null },
    { name: "closed", date: new Date("2007-10-01T00:00:00Z"), precision: "MONTH", dateNote: "Sources say October." },
    { name: "available", date: new Date("2008-01-01T00:00:00Z"), precision: "YEAR", dateNote: null },
  ],
  hypervisors: ["xen"],
  vendors: ["citrix"],
  patterns: [],
  exclude: [],
  sources: [{ url: "https://example.org/source", title: "A source" }],
};

/** Unfolds RFC 5545 lines (CRLF + space continues a line) and splits the VEVENTs. */
function vevents(ics: string): Map<string, string>[] {
  const lines = ics.replace(/\r\n[ \t]/g, "").split("\r\n");
  const events: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") current = new Map();
    else if (line === "END:VEVENT" && current) {
      events.push(current);
      current = null;
    } else if (current) {
      const colon = line.indexOf(":");
      current.set(line.slice(0, colon), line.slice(colon + 1));
    }
  }
  return events;
}

describe("events calendar (pure builder)", () => {
  it("one all-day VEVENT per phase, with stable UIDs <slug>-<phase>@<host>", () => {
    const { body, contentType } = buildEventCalendar(meta, [event]);
    assert.equal(contentType, "text/calendar; charset=utf-8");
    assert.match(body, /^BEGIN:VCALENDAR\r\nVERSION:2.0\r\n/);
    const parsed = vevents(body);
    assert.deepEqual(
      parsed.map((e) => e.get("UID")),
      [
        "vmware-buys-xensource-announced@news.example",
        "vmware-buys-xensource-closed@news.example",
        "vmware-buys-xensource-available@news.example",
      ],
    );
    assert.equal(phaseUid(event, { name: "closed" }, "h"), "vmware-buys-xensource-closed@h");
    for (const e of parsed) assert.equal(e.get("TRANSP"), "TRANSPARENT");
  });

  it("DAY: that day; MONTH: the whole month; YEAR: January 1 only, said in the summary", () => {
    const [day, month, year] = vevents(buildEventCalendar(meta, [event]).body);
    assert.equal(day?.get("DTSTART;VALUE=DATE"), "20070815");
    assert.equal(day?.get("DTEND;VALUE=DATE"), "20070816");
    assert.equal(month?.get("DTSTART;VALUE=DATE"), "20071001");
    assert.equal(month?.get("DTEND;VALUE=DATE"), "20071101");
    assert.match(month?.get("SUMMARY") ?? "", /October 2007/);
    assert.equal(year?.get("DTSTART;VALUE=DATE"), "20080101");
    assert.equal(year?.get("DTEND;VALUE=DATE"), "20080102");
    assert.match(year?.get("SUMMARY") ?? "", /2008\\, day unknown/);
    assert.deepEqual(phaseSpan({ date: new Date("2024-12-01T00:00:00Z"), precision: "MONTH" }), {
      start: new Date("2024-12-01T00:00:00Z"),
      end: new Date("2025-01-01T00:00:00Z"),
    });
  });

  it("escapes text per RFC 5545 and is deterministic", () => {
    const a = buildEventCalendar(meta, [event]).body;
    assert.equal(a, buildEventCalendar(meta, [event]).body);
    const [first] = vevents(a);
    assert.match(first?.get("SUMMARY") ?? "", /with\\, commas\\; and \\\\ backslashes/);
    assert.match(first?.get("DESCRIPTION") ?? "", /A source: https:\/\/example.org\/source/);
  });
});
