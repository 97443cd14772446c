/**
 * HTML character references (`&amp;`, `&#106;`, `&copy`) decoded the way browsers decode them
 * (WHATWG "character reference state"), so that the sanitiser checks the same URL a browser would
 * follow (`&#106;avascript:` is `javascript:`) and re-escapes text canonically. Numeric references
 * need no semicolon; 0, surrogates and values past U+10FFFF become U+FFFD and the C1 range maps
 * through windows-1252; named references need their ";" except the legacy ones, which inside
 * attribute values stay literal when a letter, digit or "=" follows (`?a=1&copy=2`).
 */
import { AMPERSAND, EQUALS, LESS_THAN, SEMICOLON } from "./char-codes.js";
import { LEGACY_NAMES_WITHOUT_SEMICOLON, NAMED_REFERENCES } from "./html5-named-references.js";

const NAMED: ReadonlyMap<string, string> = new Map(
  NAMED_REFERENCES.trim()
    .split(" ")
    .map((pair): [string, string] => {
      const [name = "", codes = ""] = pair.split(":");
      return [name, String.fromCodePoint(...codes.split(",").map((code) => Number.parseInt(code, 36)))];
    }),
);
const LEGACY = new Set(LEGACY_NAMES_WITHOUT_SEMICOLON.trim().split(" "));
const LONGEST_LEGACY_NAME = 6;
const LONGEST_NAME = 32;

/** windows-1252 meanings of &#128;–&#159;, which browsers apply to numeric references. */
const C1_REPLACEMENTS: ReadonlyMap<number, number> = new Map([
  [0x80, 0x20ac], [0x82, 0x201a], [0x83, 0x0192], [0x84, 0x201e], [0x85, 0x2026], [0x86, 0x2020],
  [0x87, 0x2021], [0x88, 0x02c6], [0x89, 0x2030], [0x8a, 0x0160], [0x8b, 0x2039], [0x8c, 0x0152],
  [0x8e, 0x017d], [0x91, 0x2018], [0x92, 0x2019], [0x93, 0x201c], [0x94, 0x201d], [0x95, 0x2022],
  [0x96, 0x2013], [0x97, 0x2014], [0x98, 0x02dc], [0x99, 0x2122], [0x9a, 0x0161], [0x9b, 0x203a],
  [0x9c, 0x0153], [0x9e, 0x017e], [0x9f, 0x0178],
]); // prettier-ignore

/** One decoded reference: its text and the index just past it. Reused, to allocate nothing. */
interface Reference {
  text: string;
  end: number;
}

function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
}

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x66);
}

/**
 * Reads the reference starting at the "&" at `at` (not beyond `end`) into `into`; false when the
 * "&" starts no reference and stays a literal ampersand.
 */
function readReference(source: string, at: number, end: number, inAttribute: boolean, into: Reference): boolean {
  return source.charCodeAt(at + 1) === 0x23
    ? readNumericReference(source, at, end, into)
    : readNamedReference(source, at, end, inAttribute, into);
}

function readNumericReference(source: string, at: number, end: number, into: Reference): boolean {
  const hex = (source.charCodeAt(at + 2) | 0x20) === 0x78;
  let index = at + (hex ? 3 : 2);
  let code = 0;
  const digitsStart = index;
  for (; index < end; index += 1) {
    const char = source.charCodeAt(index);
    if (hex ? !isHexDigit(char) : char < 0x30 || char > 0x39) break;
    // Saturate instead of overflowing: anything past U+10FFFF is U+FFFD anyway.
    if (code <= 0x10ffff) code = code * (hex ? 16 : 10) + Number.parseInt(source[index] ?? "0", 16);
  }
  if (index === digitsStart) return false;
  if (index < end && source.charCodeAt(index) === SEMICOLON) index += 1;
  into.end = index;
  into.text = String.fromCodePoint(codePointFor(code));
  return true;
}

function codePointFor(code: number): number {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0xfffd;
  return C1_REPLACEMENTS.get(code) ?? code;
}

function readNamedReference(source: string, at: number, end: number, inAttribute: boolean, into: Reference): boolean {
  let index = at + 1;
  const limit = Math.min(end, index + LONGEST_NAME);
  while (index < limit && isAsciiAlphanumeric(source.charCodeAt(index))) index += 1;
  if (index === at + 1) return false;
  if (index < end && source.charCodeAt(index) === SEMICOLON) {
    const text = NAMED.get(source.slice(at + 1, index));
    if (text !== undefined) {
      into.text = text;
      into.end = index + 1;
      return true;
    }
  }
  // Without a semicolon only a legacy name counts, the longest one that prefixes the run.
  for (let length = Math.min(index - at - 1, LONGEST_LEGACY_NAME); length >= 2; length -= 1) {
    const name = source.slice(at + 1, at + 1 + length);
    if (!LEGACY.has(name)) continue;
    const next = source.charCodeAt(at + 1 + length);
    if (inAttribute && (next === EQUALS || isAsciiAlphanumeric(next))) return false;
    into.text = NAMED.get(name) ?? "";
    into.end = at + 1 + length;
    return true;
  }
  return false;
}

const scratch: Reference = { text: "", end: 0 };

/** An attribute value as the browser sees it: every reference decoded. */
export function decodeAttributeValue(value: string): string {
  if (!value.includes("&")) return value;
  let decoded = "";
  let copiedUpTo = 0;
  for (let index = value.indexOf("&"); index !== -1; index = value.indexOf("&", index)) {
    if (readReference(value, index, value.length, true, scratch)) {
      decoded += value.slice(copiedUpTo, index) + scratch.text;
      index = copiedUpTo = scratch.end;
    } else {
      index += 1;
    }
  }
  return decoded + value.slice(copiedUpTo);
}

/**
 * Text between tags, `source[start, end)`, as safe HTML: references decoded, then every "&", "<"
 * and ">" escaped (`&hellip;` becomes "…", a bare "&" `&amp;`, `&amp;` stays). Null when the text
 * is already in that form, so that the caller can copy it as it stands.
 */
export function escapedTextOrNull(source: string, start: number, end: number): string | null {
  let escaped = "";
  let copiedUpTo = start;
  // Jump from one special character to the next; text runs end at a "<", so the search does
  // not run past `end`. (A global regex's test() moves lastIndex and allocates nothing.)
  SPECIAL_CHARACTER.lastIndex = start;
  while (SPECIAL_CHARACTER.test(source)) {
    const index = SPECIAL_CHARACTER.lastIndex - 1;
    if (index >= end) break;
    const code = source.charCodeAt(index);
    const canonical = code === AMPERSAND ? canonicalReferenceLength(source, index) : 0;
    if (canonical > 0) {
      SPECIAL_CHARACTER.lastIndex = index + canonical; // `&amp;`, `&lt;`, `&gt;` stay as they are
    } else if (code !== AMPERSAND) {
      escaped += source.slice(copiedUpTo, index) + (code === LESS_THAN ? "&lt;" : "&gt;");
      copiedUpTo = index + 1;
    } else if (!readReference(source, index, end, false, scratch)) {
      escaped += `${source.slice(copiedUpTo, index)}&amp;`;
      copiedUpTo = index + 1;
    } else {
      const replacement = escapeDecoded(scratch.text);
      if (replacement.length !== scratch.end - index || !source.startsWith(replacement, index)) {
        escaped += source.slice(copiedUpTo, index) + replacement;
        copiedUpTo = scratch.end;
      }
      SPECIAL_CHARACTER.lastIndex = scratch.end;
    }
  }
  return copiedUpTo === start ? null : escaped + source.slice(copiedUpTo, end);
}

const SPECIAL_CHARACTER = /[&<>]/g;

/** The length of the `&amp;`, `&lt;` or `&gt;` at `at` (text's escaped form already), else 0. */
function canonicalReferenceLength(source: string, at: number): number {
  if (source.startsWith("amp;", at + 1)) return 5;
  return source.startsWith("lt;", at + 1) || source.startsWith("gt;", at + 1) ? 4 : 0;
}

function escapeDecoded(text: string): string {
  if (text === "&") return "&amp;";
  if (text === "<") return "&lt;";
  if (text === ">") return "&gt;";
  return text;
}
