import type { PhaseSpan } from "./event-window.js";
import type { Token } from "./normalize.js";
import type { ScanResult } from "./scan-text.js";

const YEAR_MS = 365.25 * 86_400_000;

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
};

/**
 * Whether the headline dates the event it looks back at: it names the year of a phase
 * ("In July 2008 ..."), or an age that fits the article's date ("Ten years of KVM" in
 * 2017 fits 2007, not 2008). A look back that dates nothing is too vague to link.
 */
export function headlineDatesEvent(scan: ScanResult, spans: readonly PhaseSpan[], publishedAt: number): boolean {
  const years = new Set(spans.map((span) => new Date(span.start).getUTCFullYear()));
  const ages = spans.map((span) => (publishedAt - span.start) / YEAR_MS);
  const fitsAge = (age: number) => ages.some((elapsed) => Math.abs(elapsed - age) <= 0.5);
  for (const field of scan.fields) {
    if (field.field !== "title" && field.field !== "summary") continue;
    const tokens = field.tokens;
    for (let index = 0; index < tokens.length; index++) {
      const text = (tokens[index] as Token).text;
      if (/^\d{4}$/.test(text) && years.has(Number(text))) return true;
      if (text === "decade" && fitsAge(10)) return true;
      const count = /^\d{1,2}$/.test(text) ? Number(text) : NUMBER_WORDS[text];
      const next = tokens[index + 1]?.text;
      if (count !== undefined && (next === "years" || next === "year") && fitsAge(count)) return true;
    }
  }
  return false;
}
