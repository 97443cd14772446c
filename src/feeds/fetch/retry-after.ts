/**
 * Retry-After (RFC 9110 §10.2.3): either delay-seconds (1*DIGIT) or an HTTP-date
 * (IMF-fixdate, or the obsolete RFC 850 and asctime forms of §5.6.7, which Date.parse reads).
 * Returns the earliest time to try again, or null when the value is missing or malformed.
 * A date in the past means "now"; a delay too large for a Date is clamped to the latest Date.
 */
const MAX_DATE_MS = 8.64e15; // ECMAScript's largest time value

const HTTP_DATE_FORMS = [
  /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/, // IMF-fixdate
  /^[A-Za-z]{6,9}, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/, // obsolete RFC 850
  /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/, // asctime
];

export function parseRetryAfter(value: string | null | undefined, now: Date): Date | null {
  const text = value?.trim() ?? "";
  if (/^\d+$/.test(text)) {
    return new Date(Math.min(now.getTime() + Number(text) * 1000, MAX_DATE_MS));
  }
  if (!HTTP_DATE_FORMS.some((form) => form.test(text))) return null;
  // asctime carries no zone; RFC 9110 §5.6.7 says HTTP-dates are always UTC.
  const ms = Date.parse(text.endsWith("GMT") ? text : `${text} GMT`);
  if (Number.isNaN(ms)) return null;
  return new Date(Math.max(ms, now.getTime()));
}
