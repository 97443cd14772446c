/**
 * Properties of the sanitiser on random and adversarial HTML (tag soup built from hostile
 * fragments: script and SVG, event handlers, obfuscated javascript:/data: URLs, broken quotes,
 * comments, references): the output is canonical markup made only of allowed tags and attributes,
 * every URL in it is http(s) or mailto (images: http(s)), nothing executable is left, and
 * sanitising the output again changes nothing.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { sanitizeContent } from "../../../src/feeds/normalize/sanitize.js";
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, VOID_ELEMENTS } from "../../../src/feeds/normalize/sanitize-policy.js";

const BASE = "https://blog.example/posts/";

const TAG_NAMES = [
  "p", "b", "a", "img", "br", "table", "td", "tr", "li", "ul", "q", "blockquote", "col", "wbr", "div", "span",
  "script", "SCRIPT", "ScRiPt", "style", "svg", "math", "iframe", "object", "embed", "template", "noscript",
  "textarea", "option", "select", "xmp", "title", "form", "input", "button", "meta", "base", "link", "font",
  "plaintext", "noembed", "frameset", "use", "animate", "set", "foreignObject", "x-custom", "a:b",
]; // prettier-ignore

const ATTRIBUTE_NAMES = [
  "href", "HREF", "src", "cite", "title", "alt", "rel", "width", "colspan", "onclick", "onerror", "ONLOAD",
  "onmouseover", "style", "class", "id", "xlink:href", "formaction", "action", "srcset", "data", "background",
  "target", "=x", "/",
]; // prettier-ignore

const URL_VALUES = [
  "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
  "java&#x09;script:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "javascript&colon;alert(1)",
  "jav&NewLine;ascript:alert(1)", "&#0000106avascript:alert(1)", "\u0001javascript:alert(1)", "vbscript:msgbox(1)",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "DATA:image/svg+xml,<svg onload=alert(1)>",
  "//evil.example/x", "\\\\evil.example\\x", "https://ok.example/a?b=1&c=2", "/relative/path", "mailto:a@b.example",
  "ftp://files.example/", "", "x\"onmouseover=\"alert(1)", "'><script>alert(1)</script>",
]; // prettier-ignore

const FRAGMENTS = [
  "<", ">", "/>", "&", "&amp;", "&lt;script&gt;", "&#60;script&#62;", "\"", "'", "=", "<!--", "-->", "--!>",
  "<![CDATA[", "]]>", "<!DOCTYPE html>", "<?xml x?>", "</", "</>", "</ p>", "alert(1)", "\u0000", " ", "\n",
  "<script>alert(1)</script>", "<svg><script>alert(1)</script></svg>", "<svg/onload=alert(1)>", "<img src=x onerror=alert(1)>",
  "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "<a href=\"javascript:alert(1)\">x</a>",
  "</script>", "</style>", "</textarea>", "</title>", "<style>*{}</style>", "<!-- <script>alert(1)</script> -->",
]; // prettier-ignore

const attribute = fc
  .record({
    name: fc.constantFrom(...ATTRIBUTE_NAMES),
    value: fc.oneof(fc.constantFrom(...URL_VALUES), fc.string({ maxLength: 12 })),
    quote: fc.constantFrom('"', "'", "", null),
  })
  .map(({ name, value, quote }) => (quote === null ? ` ${name}` : ` ${name}=${quote}${value}${quote}`));

const tag = fc
  .record({
    close: fc.boolean(),
    name: fc.constantFrom(...TAG_NAMES),
    attributes: fc.array(attribute, { maxLength: 4 }),
    end: fc.constantFrom(">", "/>", " >", ""),
  })
  .map(({ close, name, attributes, end }) => (close ? `</${name}${end}` : `<${name}${attributes.join("")}${end}`));

const tagSoup = fc
  .array(fc.oneof(tag, tag, fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 10 })), { maxLength: 30 })
  .map((parts) => parts.join(""));

/** Our output is canonical: text without "<" or ">", and tags `<name attr="value">` or `<name ... />`. */
const OUTPUT_TOKEN = /<(\/?)([a-z][a-z0-9]*)((?: [a-z]+="[^"<>]*")*)( \/)?>|[^<>]+/gy;
const ATTRIBUTE = / ([a-z]+)="([^"]*)"/g;

function decodeBasicReferences(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Fails (with the reason) unless `output` is canonical, allowed and safe markup. */
function assertSafe(output: string): void {
  const open: string[] = [];
  OUTPUT_TOKEN.lastIndex = 0;
  let consumed = 0;
  for (let match = OUTPUT_TOKEN.exec(output); match !== null; match = OUTPUT_TOKEN.exec(output)) {
    consumed = OUTPUT_TOKEN.lastIndex;
    const [, slash, name, attributes, selfClosing] = match;
    if (name === undefined) continue; // text
    assert.ok(ALLOWED_TAGS.has(name), `tag <${name}> is not allowed`);
    if (slash) {
      assert.equal(open.pop(), name, `</${name}> does not close the open element`);
      continue;
    }
    assert.equal(selfClosing !== undefined, VOID_ELEMENTS.has(name), `<${name}> void form`);
    if (!selfClosing) open.push(name);
    for (const [, attributeName = "", rawValue = ""] of (attributes ?? "").matchAll(ATTRIBUTE)) {
      const allowed = name === "a" && attributeName === "rel" ? true : ALLOWED_ATTRIBUTES.get(name)?.has(attributeName);
      assert.ok(allowed, `attribute ${attributeName} on <${name}>`);
      const value = decodeBasicReferences(rawValue);
      // Only URL attributes are ever followed (`title="javascript:"` is inert text), and what
      // counts is their scheme: `https://x/javascript:alert(1)` is a harmless path.
      if (["href", "src", "cite"].includes(attributeName)) {
        const schemes = name === "img" ? ["http:", "https:"] : ["http:", "https:", "mailto:"];
        assert.ok(schemes.includes(new URL(value).protocol), `${attributeName}="${value}" on <${name}>`);
        assert.match(value, /^(https?:\/\/[^/]|mailto:)/, `${attributeName}="${value}" on <${name}>`);
        assert.doesNotMatch(value, /^\s*(javascript|vbscript|data):/i);
      }
    }
  }
  assert.equal(
    consumed,
    output.length,
    `not canonical markup after ${JSON.stringify(output.slice(consumed, consumed + 40))}`,
  );
  assert.deepEqual(open, [], "unclosed elements");
  assert.doesNotMatch(output, /<script|<svg|<iframe|<object|<embed|<style|<math/i);
}

describe("sanitizeContent on random and adversarial HTML", () => {
  it("writes only canonical, allowed and safe markup", () => {
    fc.assert(
      fc.property(tagSoup, (html) => assertSafe(sanitizeContent(html, BASE))),
      { numRuns: 3000, seed: 42 },
    );
  });

  it("writes only safe markup without a base URL too", () => {
    fc.assert(
      fc.property(tagSoup, (html) => assertSafe(sanitizeContent(html, null))),
      { numRuns: 1000, seed: 7 },
    );
  });

  it("is stable: sanitising its own output changes nothing", () => {
    fc.assert(
      fc.property(tagSoup, (html) => {
        const once = sanitizeContent(html, BASE);
        assert.equal(sanitizeContent(once, BASE), once);
      }),
      { numRuns: 3000, seed: 42 },
    );
  });

  it("survives arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (html) => assertSafe(sanitizeContent(html, BASE))),
      { numRuns: 1000, seed: 42 },
    );
  });
});
