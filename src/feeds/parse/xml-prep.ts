/**
 * Repairs the recoverable faults that make strict sax (under rss-parser) reject real feeds, before
 * parsing (RELIABILITY B7, C1):
 * - text before the root: a BOM, blank lines, a PHP warning printed before `<?xml`;
 * - control characters XML 1.0 forbids (§2.2);
 * - entity references: HTML named entities (`&nbsp;`) become numeric references, a bare `&`
 *   becomes `&amp;`, and any other name stays literal text (`&amp;name;`). Entities declared in a
 *   DOCTYPE are therefore never expanded: a billion-laughs document costs one linear pass;
 * - markup written unescaped inside RSS descriptions and Atom text constructs ("naked" XHTML) is
 *   wrapped in CDATA, because xml2js would otherwise split it into children and lose text order.
 * Every pass is a single left-to-right scan with indexOf, so hostile input stays linear.
 */
import { HTML_NAMED_ENTITIES, XML_PREDEFINED_ENTITIES } from "./html-entities.js";

/** Returns XML text ready for the strict parser, starting at `start` (see detect-format.ts). */
export function prepareXml(text: string, start: number): string {
  const body = start > 0 ? text.slice(start) : text;
  return wrapNakedMarkup(rewriteEntities(removeForbiddenChars(body)));
}

// eslint-disable-next-line no-control-regex -- matching the forbidden control characters is the point
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function removeForbiddenChars(text: string): string {
  FORBIDDEN_CHARS.lastIndex = 0;
  return FORBIDDEN_CHARS.test(text) ? text.replace(FORBIDDEN_CHARS, "") : text;
}

const CDATA_OPEN = "<![CDATA[";
const CDATA_CLOSE = "]]>";
const REFERENCE = /&(#[xX][0-9A-Fa-f]{1,8}|#[0-9]{1,10}|[A-Za-z_][\w.-]{0,31})?(;?)/y;

/** Rewrites entity references outside CDATA sections so that a strict XML parser accepts them. */
export function rewriteEntities(text: string): string {
  if (!text.includes("&")) return text;
  const out: string[] = [];
  let flushed = 0;
  let position = 0;
  let cdata = text.indexOf(CDATA_OPEN);
  for (;;) {
    const amp = text.indexOf("&", position);
    if (amp === -1) break;
    if (cdata !== -1 && cdata < amp) {
      const end = text.indexOf(CDATA_CLOSE, cdata + CDATA_OPEN.length);
      if (end === -1) break; // an unclosed CDATA runs to the end: nothing after it is markup
      position = end + CDATA_CLOSE.length;
      cdata = text.indexOf(CDATA_OPEN, position);
      continue;
    }
    REFERENCE.lastIndex = amp;
    const match = REFERENCE.exec(text);
    const length = match?.[0].length ?? 1;
    const replacement = rewriteReference(match?.[1], match?.[2] === ";");
    if (replacement !== null) {
      out.push(text.slice(flushed, amp), replacement);
      flushed = amp + length;
    }
    position = amp + length;
  }
  if (flushed === 0) return text;
  out.push(text.slice(flushed));
  return out.join("");
}

/** The replacement for one `&...` occurrence, or null to keep it as written. */
function rewriteReference(name: string | undefined, terminated: boolean): string | null {
  if (name === undefined || !terminated) return `&amp;${name ?? ""}${terminated ? ";" : ""}`;
  if (name.startsWith("#")) return numericReference(name);
  if (XML_PREDEFINED_ENTITIES.has(name)) return null;
  const code = HTML_NAMED_ENTITIES.get(name);
  return code === undefined ? `&amp;${name};` : `&#${code};`;
}

/** Windows-1252 meanings of 0x80–0x9F, which HTML (and feeds) use in numeric references. */
const CP1252_C1 = new Map<number, number>([
  [0x80, 0x20ac], [0x82, 0x201a], [0x83, 0x0192], [0x84, 0x201e], [0x85, 0x2026], [0x86, 0x2020],
  [0x87, 0x2021], [0x88, 0x02c6], [0x89, 0x2030], [0x8a, 0x0160], [0x8b, 0x2039], [0x8c, 0x0152],
  [0x8e, 0x017d], [0x91, 0x2018], [0x92, 0x2019], [0x93, 0x201c], [0x94, 0x201d], [0x95, 0x2022],
  [0x96, 0x2013], [0x97, 0x2014], [0x98, 0x02dc], [0x99, 0x2122], [0x9a, 0x0161], [0x9b, 0x203a],
  [0x9c, 0x0153], [0x9e, 0x017e], [0x9f, 0x0178],
]); // prettier-ignore

/** Canonical decimal form (sax wants exactly that); a code point XML forbids becomes U+FFFD. */
function numericReference(name: string): string {
  const hex = name[1] === "x" || name[1] === "X";
  const code = Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
  const mapped = CP1252_C1.get(code) ?? code;
  return `&#${isXmlChar(mapped) ? mapped : 0xfffd};`;
}

export function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * Elements whose content is HTML or text, where feeds write unescaped markup: RSS description and
 * content:encoded (any prefix), Atom text constructs (atom:/feed-prefixed ones too).
 */
const HTML_CARRIER =
  /<((?:[A-Za-z_][\w.-]*:)?(?:description|encoded|content|summary|title|subtitle|tagline|info|rights|copyright|body))(\s[^<>]*)?>/g;

/** Wraps naked markup inside HTML-carrying elements in CDATA, so the parser keeps it as one string. */
export function wrapNakedMarkup(text: string): string {
  const out: string[] = [];
  const unclosed = new Set<string>();
  let flushed = 0;
  HTML_CARRIER.lastIndex = 0;
  for (let match = HTML_CARRIER.exec(text); match !== null; match = HTML_CARRIER.exec(text)) {
    const name = match[1] ?? "";
    if (match[0].endsWith("/>") || unclosed.has(name)) continue;
    const innerStart = match.index + match[0].length;
    const close = findCloseTag(text, name, innerStart);
    if (close === -1) {
      unclosed.add(name); // no close tag later in the document for any later open either
      continue;
    }
    const inner = text.slice(innerStart, close);
    if (inner.includes("<") && !inner.includes(CDATA_OPEN)) {
      out.push(text.slice(flushed, innerStart), toCdata(inner));
      flushed = close;
    }
    HTML_CARRIER.lastIndex = close;
  }
  if (flushed === 0) return text;
  out.push(text.slice(flushed));
  return out.join("");
}

function findCloseTag(text: string, name: string, from: number): number {
  const needle = `</${name}`;
  for (let index = text.indexOf(needle, from); index !== -1; index = text.indexOf(needle, index + 1)) {
    const next = text.charCodeAt(index + needle.length);
    if (next === 0x3e /* > */ || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d) return index;
  }
  return -1;
}

function toCdata(inner: string): string {
  return `${CDATA_OPEN}${inner.replaceAll(CDATA_CLOSE, `]]${CDATA_CLOSE}${CDATA_OPEN}>`)}${CDATA_CLOSE}`;
}
