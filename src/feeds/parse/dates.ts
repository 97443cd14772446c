/**
 * The one date parser for feed dates (ARCHITECTURE §5.4: no `new Date(str)` elsewhere). Accepts
 * what feeds actually write, like miniflux's reader/date/parser.go and feedparser's date handlers:
 * - ISO 8601 / RFC 3339 / W3CDTF: full or partial (`2003`, `2003-12`, `2003-12-31`), basic form
 *   (`20031231T101455Z`), fractional seconds, minutes without seconds, a space instead of `T`;
 * - RFC 822 / 1123 / 2822 and RFC 850: optional day name, missing seconds, two-digit years,
 *   numeric or named zones, full month names, a trailing `(comment)`;
 * - asctime (`Sun Nov  6 08:49:37 1994`) and US style (`January 6, 2004 10:00 AM`).
 * A missing zone means UTC. Anything else (empty, "N/A", impossible dates) gives null, never an
 * Invalid Date.
 */

const MONTHS = [
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
]; // prettier-ignore

/** Zone abbreviations seen in feeds, in minutes east of UTC. Ambiguous IST is taken as India. */
const ZONES = new Map<string, number>(
  Object.entries({
    UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0, BST: 60, WEST: 60, CET: 60, MET: 60, CEST: 120, MEST: 120,
    EET: 120, EEST: 180, MSK: 180, IST: 330, SGT: 480, HKT: 480, AWST: 480, JST: 540, KST: 540,
    ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780, HST: -600, AKST: -540,
    AKDT: -480, PST: -480, PDT: -420, MST: -420, MDT: -360, CST: -360, CDT: -300, EST: -300,
    EDT: -240, AST: -240, ADT: -180, NST: -210, NDT: -150,
  }),
); // prettier-ignore

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC. */
  offset: number;
}

const ZONE = String.raw`(?:(?:GMT|UTC|UT)?\s*[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5})`;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp]\.?[Mm]\.?)?`;

const ISO = new RegExp(
  String.raw`^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?|(\d{2})(\d{2}))?` +
    String.raw`(?:(?:T|\s+)(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|${ZONE})?$`,
  "i",
);
const RFC822 = new RegExp(
  String.raw`^(?:[A-Za-z]{2,9}\.?,?\s*)?(\d{1,2})(?:st|nd|rd|th)?\.?[\s-]*([A-Za-z]{3,9})\.?,?[\s-]*(\d{2,4})` +
    String.raw`(?:,?\s*(?:at\s+)?${TIME})?\s*(${ZONE})?\s*(?:\([^)]*\))?$`,
  "i",
);
const US_STYLE = new RegExp(
  String.raw`^(?:[A-Za-z]{2,9}\.?,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})` +
    String.raw`(?:,?\s*(?:at\s+)?${TIME})?\s*(${ZONE})?$`,
  "i",
);
const ASCTIME = new RegExp(
  String.raw`^(?:[A-Za-z]{2,9}\s+)?([A-Za-z]{3,9})\s+(\d{1,2})\s+${TIME}\s+(?:(${ZONE})\s+)?(\d{4})$`,
  "i",
);

/** Parses a feed date string; null when it is missing or not a date we can read unambiguously. */
export function parseFeedDate(value: string | null | undefined): Date | null {
  const text = value?.replace(/\s+/g, " ").trim();
  if (!text || text.length > 100) return null;
  const parts = fromIso(text) ?? fromRfc822(text) ?? fromUsStyle(text) ?? fromAsctime(text);
  return parts ? toDate(parts) : null;
}

function fromIso(text: string): DateParts | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const zone = m[10] === undefined ? 0 : zoneOffset(m[10]);
  if (zone === null) return null;
  return {
    year: Number(m[1]),
    month: Number(m[2] ?? m[4] ?? 1),
    day: Number(m[3] ?? m[5] ?? 1),
    hour: Number(m[6] ?? 0),
    minute: Number(m[7] ?? 0),
    second: Number(m[8] ?? 0),
    millisecond: m[9] ? Math.round(Number(`0.${m[9]}`) * 1000) : 0,
    offset: zone,
  };
}

function fromRfc822(text: string): DateParts | null {
  const m = RFC822.exec(text);
  if (!m) return null;
  return withTime(fullYear(m[3]), monthNumber(m[2]), Number(m[1]), m.slice(4, 8), m[8]);
}

function fromUsStyle(text: string): DateParts | null {
  const m = US_STYLE.exec(text);
  if (!m) return null;
  return withTime(Number(m[3]), monthNumber(m[1]), Number(m[2]), m.slice(4, 8), m[8]);
}

function fromAsctime(text: string): DateParts | null {
  const m = ASCTIME.exec(text);
  if (!m) return null;
  return withTime(Number(m[8]), monthNumber(m[1]), Number(m[2]), m.slice(3, 7), m[7]);
}

/** time = [hour, minute, second, am/pm] as matched by TIME (all undefined when absent). */
function withTime(
  year: number,
  month: number | null,
  day: number,
  time: (string | undefined)[],
  zone: string | undefined,
): DateParts | null {
  const [hourText, minuteText, secondText, meridiem] = time;
  const offset = zone === undefined ? 0 : zoneOffset(zone);
  if (month === null || offset === null) return null;
  let hour = Number(hourText ?? 0);
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (/^p/i.test(meridiem) ? 12 : 0);
  }
  return {
    year,
    month,
    day,
    hour,
    minute: Number(minuteText ?? 0),
    second: Number(secondText ?? 0),
    millisecond: 0,
    offset,
  };
}

/** RFC 2822 §4.3: two-digit years 00–49 are 20xx, 50–99 are 19xx; three digits add 1900. */
function fullYear(text: string | undefined): number {
  const year = Number(text);
  if (text?.length === 2) return year < 50 ? 2000 + year : 1900 + year;
  if (text?.length === 3) return 1900 + year;
  return year;
}

/** "Sep", "Sept" and "September" (any prefix of 3+ letters), not "Septembre" or "Marzo". */
function monthNumber(name: string | undefined): number | null {
  const lower = name?.toLowerCase() ?? "";
  if (lower.length < 3) return null;
  const index = MONTHS.findIndex((month) => month.startsWith(lower));
  return index === -1 ? null : index + 1;
}

/** Minutes east of UTC for `Z`, `+0100`, `-05:00`, `+01`, `GMT+2`, `EST`, ...; null if unusable. */
function zoneOffset(zone: string): number | null {
  const text = zone.trim().toUpperCase();
  const numeric = /^(?:GMT|UTC|UT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3] ?? 0);
    if (hours > 14 || minutes > 59) return null;
    return (numeric[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  if (!/^[A-Z]{1,5}$/.test(text)) return null;
  // RFC 2822 §4.3: military letters other than Z carry no reliable meaning; like Go's time
  // package (miniflux), an unknown abbreviation is taken as UTC rather than losing the date.
  return ZONES.get(text) ?? 0;
}

function toDate(parts: DateParts): Date | null {
  const { year, month, day, hour, minute, millisecond, offset } = parts;
  const second = Math.min(parts.second, 59); // a leap second 60 becomes :59
  const endOfDay = hour === 24 && minute === 0 && second === 0;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  if ((hour > 23 && !endOfDay) || minute > 59 || parts.second > 60) return null;
  const local = Date.UTC(year, month - 1, day, endOfDay ? 0 : hour, minute, second, millisecond);
  const check = new Date(local);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  return new Date(local + (endOfDay ? 86_400_000 : 0) - offset * 60_000);
}
