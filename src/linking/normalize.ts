/**
 * Text normalisation shared by the catalog compiler and the matcher. Text becomes a list of
 * lower-case word tokens: runs of letters or of digits, so punctuation and spacing variants
 * meet ("Hyper-V" = "Hyper V" = [hyper, v]; "ESX3i" = "ESX 3i" = [esx, 3, i]).
 */

/** One normalised token and where it sits in the original string. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

const OTHER = 0;
const LETTER = 1;
const DIGIT = 2;

/** Character class of each ASCII code, so the hot loop avoids regular expressions. */
const ASCII_CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) ASCII_CLASS[code] = LETTER;
  else if (code >= 48 && code <= 57) ASCII_CLASS[code] = DIGIT;
}

const NON_ASCII_LETTER = /[\p{L}\p{M}]/u;
const NON_ASCII_DIGIT = /\p{Nd}/u;

function classOfNonAscii(char: string): number {
  if (NON_ASCII_LETTER.test(char)) return LETTER;
  return NON_ASCII_DIGIT.test(char) ? DIGIT : OTHER;
}

/** Lower-cases a token; non-ASCII letters also lose their accents ("Qumranét" = "qumranet"). */
function tokenOf(input: string, start: number, end: number, nonAscii: boolean): Token {
  const lower = input.slice(start, end).toLowerCase();
  const text = nonAscii ? lower.normalize("NFKD").replace(/\p{M}/gu, "") : lower;
  return { text, start, end };
}

const LESS_THAN = 60;
const AMPERSAND = 38;

/**
 * Splits text into tokens at every non-alphanumeric character and at letter/digit changes.
 * With `markup`, HTML tags and character references are separators too, so offsets still
 * point into the original HTML ("<b>Hyper-V</b>" gives [hyper, v] at offsets 3 and 9).
 * This is the linker's innermost loop: plain character codes, no per-character calls on ASCII.
 */
export function tokenize(input: string, markup = false): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  let current = OTHER;
  let nonAscii = false;
  for (let index = 0; index < input.length; index++) {
    const code = input.charCodeAt(index);
    let kind: number;
    if (code < 128) {
      if (markup && (code === LESS_THAN || code === AMPERSAND)) {
        const skipTo = markupEnd(input, index);
        if (skipTo > index) {
          if (current !== OTHER) tokens.push(tokenOf(input, start, index, nonAscii));
          current = OTHER;
          index = skipTo - 1;
          continue;
        }
      }
      kind = ASCII_CLASS[code] as number;
    } else {
      kind = classOfNonAscii(input[index] as string);
    }
    if (kind === current) {
      if (code >= 128) nonAscii = true;
      continue;
    }
    if (current !== OTHER) tokens.push(tokenOf(input, start, index, nonAscii));
    current = kind;
    start = index;
    nonAscii = code >= 128;
  }
  if (current !== OTHER) tokens.push(tokenOf(input, start, input.length, nonAscii));
  return tokens;
}

const MAX_TAG_LENGTH = 2000;
const CHARACTER_REFERENCE = /^&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/i;

/** End of the tag or character reference starting at `index`, or -1 when there is none. */
function markupEnd(input: string, index: number): number {
  const char = input.charCodeAt(index);
  if (char === 60 /* < */) {
    const close = input.indexOf(">", index + 1);
    return close > index && close - index <= MAX_TAG_LENGTH ? close + 1 : -1;
  }
  if (char === 38 /* & */) {
    const match = CHARACTER_REFERENCE.exec(input.slice(index, index + 40));
    return match ? index + match[0].length : -1;
  }
  return -1;
}

/** The normalised tokens of a catalog phrase. */
export function phraseTokens(phrase: string): string[] {
  return tokenize(phrase).map((token) => token.text);
}

/** A phrase's identity: two phrases with the same key match the same text. */
export function phraseKey(phrase: string): string {
  return phraseTokens(phrase).join(" ");
}

/** Joined spellings are only generated for short phrases ("Red Hat" -> "RedHat"). */
const MAX_JOINED_TOKENS = 3;

/**
 * The token sequences a phrase matches: as written, and with its words run together, so
 * "Hyper-V" also matches "HyperV" and "Red Hat" also matches "RedHat".
 */
export function phraseVariants(phrase: string): string[][] {
  const spaced = phraseTokens(phrase);
  if (spaced.length < 2 || spaced.length > MAX_JOINED_TOKENS) return spaced.length === 0 ? [] : [spaced];
  const joined = phraseTokens(spaced.join(""));
  return joined.join(" ") === spaced.join(" ") ? [spaced] : [spaced, joined];
}
