/**
 * Differential test of our sanitiser against sanitize-html (which it replaced; kept as a
 * devDependency for this test only), configured with our old options, on every HTML field of
 * the public feed corpora (shared/fixtures/feeds beside the repository, or $FEED_CORPUS_DIR).
 * Outputs are compared after normalising whitespace and attribute order. The accepted differences
 * are listed in ACCEPTED, each with its reason; any other difference fails the test.
 * On malformed tag soup the two also differ where htmlparser2 departs from the WHATWG tokenizer
 * (`</ p>` and `</>` are comments, `</br/>` is a line break, a tag cut off by the end of the input
 * is no tag): there we read as browsers do. sanitize-property.test.ts checks safety on such input.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import sanitizeHtml, { type Attributes } from "sanitize-html";

import { sanitizeContent } from "../../../src/feeds/normalize/sanitize.js";
import { ALLOWED_TAGS } from "../../../src/feeds/normalize/sanitize-policy.js";
import { resolveUrl } from "../../../src/feeds/normalize/url.js";
import { parseFeed } from "../../../src/feeds/parse/parse-feed.js";
import { corpusExists, locateCorpus, readBody, readManifest } from "../../corpus/corpus-support.js";

const BASE = "https://corpus.example/feeds/";

/**
 * The differences we accept, each a deliberate choice of the new sanitiser (never a loosening of
 * the policy). They are applied to sanitize-html's side before comparing: as options, as a
 * rewrite of its input, or as a rewrite of its output.
 */
const ACCEPTED = {
  /** Embedded documents and fallbacks lose their content, not only their tags: SVG/MathML text
   * and markup (CVE-2020-25789), iframe/object/applet/noscript/noembed/noframes/template/plaintext
   * content; sanitize-html drops content only for script, style, textarea, option and xmp. */
  droppedWithContent: ["svg", "math", "iframe", "object", "applet", "noscript", "noembed", "noframes", "template", "plaintext"],
  /** <blockquote cite> and <q cite> are resolved against the base like href (sanitize-html only
   * checked their scheme and left relative ones relative). */
  citeResolved: true,
  /** The void elements col and wbr are written `<col />`, like img, br and hr (sanitize-html
   * wrote `<col></col>`, whose end tag browsers ignore). */
  voidSelfClosing: (html: string) => html.replace(/<(col|wbr)((?: [^>]*)?)><\/\1>/g, "<$1$2 />"),
  /** An unterminated `<!…` at the very end of the input is a bogus comment, dropped as browsers
   * do (htmlparser2 emits it as text, e.g. "DOCTYPE"). */
  unterminatedDeclaration: (html: string) => html.replace(/<![^>]*$/, ""),
}; // prettier-ignore

/** Our old sanitize-html configuration (src/feeds/normalize/sanitize.ts before the rewrite), plus ACCEPTED. */
function legacySanitize(html: string, baseUrl: string): string {
  const resolved = (tagName: string, attribs: Attributes, name: string, extra: Attributes) => {
    const value = attribs[name];
    const attributes: Attributes = { ...attribs, ...extra };
    if (value !== undefined) {
      const url = resolveUrl(value, baseUrl);
      if (url === null) delete attributes[name];
      else attributes[name] = url;
    }
    return { tagName, attribs: attributes };
  };
  const citeResolved = (tagName: string, attribs: Attributes) => resolved(tagName, attribs, "cite", {});
  const output = sanitizeHtml(ACCEPTED.unterminatedDeclaration(html), {
    allowedTags: [...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== "data"), "img", "picture", "del", "ins"],
    allowedAttributes: {
      a: ["href", "title", "rel"],
      img: ["src", "alt", "title", "width", "height"],
      abbr: ["title"],
      blockquote: ["cite"],
      q: ["cite"],
      time: ["datetime"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan", "scope"],
      ol: ["start"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    nonTextTags: ["script", "style", "textarea", "option", "xmp", ...ACCEPTED.droppedWithContent],
    transformTags: {
      a: (tagName, attribs) => resolved(tagName, attribs, "href", { rel: "noopener noreferrer nofollow" }),
      img: (tagName, attribs) => resolved(tagName, attribs, "src", {}),
      ...(ACCEPTED.citeResolved ? { blockquote: citeResolved, q: citeResolved } : {}),
    },
  });
  return ACCEPTED.voidSelfClosing(output).trim();
}

/** Whitespace runs as one space, attributes of every tag in name order. */
function normalized(html: string): string {
  return html
    .replace(/\s+/g, " ")
    .replace(
      /<([a-z0-9]+)((?: [a-z-]+(?:="[^"]*")?)+)( ?\/?)>/g,
      (_tag, name: string, attributes: string, end: string) => {
        const sorted = (attributes.match(/ [a-z-]+(?:="[^"]*")?/g) ?? []).sort().join("");
        return `<${name}${sorted}${end}>`;
      },
    )
    .trim();
}

/** Every HTML field (summary, content) of every item of every corpus feed that parses. */
function corpusHtmlFields(): string[] {
  const dir = locateCorpus();
  const fields: string[] = [];
  for (const entry of readManifest(dir)) {
    try {
      const feed = parseFeed({ body: readBody(dir, entry), url: `${BASE}feed.xml`, contentType: null });
      for (const item of feed.items) {
        if (item.summary) fields.push(item.summary);
        if (item.content) fields.push(item.content);
      }
    } catch {
      // Feeds that do not parse have no HTML to compare.
    }
  }
  return [...new Set(fields)];
}

/** Where the two outputs part, with some context, and the start of the input. */
function describeDifference(input: string, theirs: string, ours: string): string {
  let at = 0;
  while (at < theirs.length && theirs[at] === ours[at]) at += 1;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 60), at + 100));
  return `input ${JSON.stringify(input.slice(0, 120))}…\n  sanitize-html …${around(theirs)}\n  ours          …${around(ours)}`;
}

describe("the sanitiser's allow-list", () => {
  it("is sanitize-html's default tags without data, plus img, picture, del and ins", () => {
    const expected = [
      ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== "data"),
      "img",
      "picture",
      "del",
      "ins",
    ];
    assert.deepEqual([...ALLOWED_TAGS].sort(), expected.sort());
  });
});

describe("sanitizeContent against sanitize-html on the feed corpora", { skip: !corpusExists(locateCorpus()) }, () => {
  it("gives the same HTML except for the accepted differences", () => {
    const fields = corpusHtmlFields();
    const differences: string[] = [];
    for (const html of fields) {
      const theirs = normalized(legacySanitize(html, BASE));
      const ours = normalized(sanitizeContent(html, BASE));
      if (ours !== theirs) differences.push(describeDifference(html, theirs, ours));
    }
    assert.ok(fields.length > 1000, `only ${fields.length} HTML fields found in the corpora`);
    assert.deepEqual(differences, [], `${differences.length} of ${fields.length} fields differ`);
  });
});
