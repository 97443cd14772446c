/**
 * A tiny evaluator for feedparser's `Expect:` lines of the common form
 * `[not ]bozo and <path> == <literal> [and ...]` (plus `len(<path>) == n`), against a
 * feedparser-shaped view of our ParsedFeed/NormalizedEntry. `bozo` alone is not modelled (we
 * recover instead of flagging); `not bozo` means "parses without error". Paths we have no field
 * for are skipped and counted by name.
 */
import { type Outcome, type Tally } from "./corpus-support.js";
import { type Candidate, FeedView } from "./feed-view.js";

type Literal = string | number | boolean | null | number[];

const REPRESENTABLE_VERSIONS = new Set(["rss10", "rss20", "atom10", "atom03"]);

export function checkFeedparser(outcome: Outcome, tally: Tally): void {
  const expression = Array.isArray(outcome.entry.expected) ? outcome.entry.expected[0] : undefined;
  const terms = expression ? splitTopLevel(expression.trim(), " and ") : [];
  const meaningful = terms.map(unparenthesize).filter((term) => term !== "bozo" && term !== "1");
  if (meaningful.length === 0) {
    return tally.skip("feedparser: Expect is only `bozo`/`1` (ill-formedness flag not modelled)");
  }
  const headers = Object.keys(outcome.entry.httpHeaders ?? {}).map((name) => name.toLowerCase());
  if (outcome.entry.httpTest && headers.includes("content-location")) {
    return tally.skip("feedparser: base from the Content-Location header (ParseInput carries no such header)");
  }
  const results: boolean[] = [];
  for (const term of meaningful) {
    const result = evaluateTerm(term, outcome);
    if (typeof result === "string") return tally.skip(`feedparser: ${result}`);
    results.push(result);
  }
  tally.check(results.every(Boolean), () => `${outcome.entry.path}: ${expression} ${describe(outcome)}`);
}

/** true/false, or a string saying why the term can't be mapped. */
function evaluateTerm(term: string, outcome: Outcome): boolean | string {
  if (term === "not bozo") return outcome.error === null && outcome.feed !== null;
  const comparison = /^(len\()?(.+?)\)?\s*==\s*(.+)$/s.exec(term);
  if (!comparison?.[2] || !comparison[3]) return "expression outside `path == literal`";
  const path = parsePath(comparison[2].trim());
  const expected = parseLiteral(comparison[3].trim());
  if (!path || expected === undefined) return "path or literal not understood";
  if (path[0] === "version" && !REPRESENTABLE_VERSIONS.has(String(expected))) {
    return "version finer than FeedFormat (rss090/091/092/093/094, rss without version, cdf)";
  }
  if (outcome.feed === null) return false;
  const view = new FeedView(outcome);
  const candidates = comparison[1] ? view.lengthOf(path) : view.resolve(path);
  if (candidates === null) return `unmapped ${path.filter((key) => typeof key === "string").join(".")}`;
  return candidates.some((candidate) => sameValue(candidate, expected));
}

function sameValue(candidate: Candidate, expected: Literal): boolean {
  if (Array.isArray(expected)) return Array.isArray(candidate) && candidate.join(",") === expected.join(",");
  if (typeof expected === "string" && typeof candidate === "string") return candidate.trim() === expected.trim();
  if (typeof expected === "number" && typeof candidate === "string") return candidate === String(expected);
  if (typeof expected === "string" && typeof candidate === "number") return String(candidate) === expected;
  if (expected === "" && candidate === null) return true; // feedparser gives "" for an empty element
  return candidate === expected;
}

/** `entries[0]['title_detail'].value` → ["entries", 0, "title_detail", "value"]. */
export function parsePath(text: string): (string | number)[] | null {
  const root = /^[a-z_]+/.exec(text);
  if (!root) return null;
  const keys: (string | number)[] = [root[0]];
  const accessor = /\[(\d+)\]|\[u?(['"])(.*?)\2\]|\.([a-z_]+)/y;
  accessor.lastIndex = root[0].length;
  while (accessor.lastIndex < text.length) {
    const match = accessor.exec(text);
    if (!match) return null;
    keys.push(match[1] !== undefined ? Number(match[1]) : (match[3] ?? match[4] ?? ""));
  }
  return keys;
}

/** Python literals: strings (with \x, \u, \U escapes), numbers, int tuples, True/False/None. */
export function parseLiteral(text: string): Literal | undefined {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === "True" || text === "False") return text === "True";
  if (text === "None") return null;
  const tuple = /^\(([-\d,\s]+)\)$/.exec(text);
  if (tuple?.[1]) {
    return tuple[1]
      .split(",")
      .filter((part) => part.trim())
      .map(Number);
  }
  const string = /^[uU]?(['"])(.*)\1$/s.exec(text);
  return string?.[2] === undefined ? undefined : unescapePython(string[2]);
}

function unescapePython(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/gs, (_match, code: string) => {
    if (/^[xuU]/.test(code) && code.length > 1) return String.fromCodePoint(Number.parseInt(code.slice(1), 16));
    return ({ n: "\n", t: "\t", r: "\r" } as Record<string, string>)[code] ?? code;
  });
}

function unparenthesize(term: string): string {
  return /^\((.*)\)$/s.test(term) ? term.slice(1, -1).trim() : term;
}

/** Splits on a separator outside quoted strings. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quote !== null) {
      if (char === "\\") index += 1;
      else if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (text.startsWith(separator, index)) {
      parts.push(text.slice(start, index).trim());
      start = index + separator.length;
      index = start - 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

function describe(outcome: Outcome): string {
  if (outcome.error) return `→ ${outcome.error.code}: ${outcome.error.reason}`;
  return `→ title=${JSON.stringify(outcome.feed?.title)} items=${outcome.feed?.items.length}`;
}
