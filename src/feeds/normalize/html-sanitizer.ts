/**
 * The allow-list HTML sanitiser: one pass over the input that keeps a stack of open elements and
 * writes only what the policy allows, re-serialised. Safety does not rest on reading malformed
 * HTML exactly like a browser: every text run is re-escaped (`&`, `<`, `>`), every kept attribute
 * is re-quoted and escaped, and only allowed tag names are ever written, so the output holds no
 * markup that the policy did not produce. How the input is read (htmlparser2's rules for implied
 * end tags, raw-text elements as in browsers) only decides which text and tags survive.
 *
 * Speed: input that is already in its sanitised form (`<p>`, `</b>`, text with `&amp;`) is not
 * rebuilt but copied in spans; `copied` marks how far the input has been accounted for.
 */
import { EXCLAMATION_MARK, GREATER_THAN, QUESTION_MARK, SLASH } from "./char-codes.js";
import { escapedTextOrNull } from "./html-references.js";
import { isHtmlWhitespace, StartTagAttributes, tagNameEnd } from "./html-tag-reader.js";
import { FOREIGN_ELEMENTS, TAG_RULES, UNKNOWN_TAG } from "./sanitize-policy.js";
import { serializeStartTag, type UrlFilter } from "./start-tag-writer.js";

/** What became of an open element: its tags are written, only its text is, or nothing is. */
const KEPT = 0;
const UNWRAPPED = 1;
const DROPPED = 2;

/**
 * Nesting beyond this many open elements ends the fragment: every end tag searches the open
 * elements, so unbounded depth would make crafted input (`<b>` x 100k, then `</i>` x 100k)
 * quadratic. Real content nests a few dozen deep.
 */
const MAX_OPEN_ELEMENTS = 512;

function isAsciiLetter(code: number): boolean {
  return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
}

/** Index of the next `token` at or after `from`, or the end of the input. */
function indexOrEnd(html: string, token: string, from: number): number {
  const at = html.indexOf(token, from);
  return at === -1 ? html.length : at;
}

/** Index just past the next `token` at or after `from`, or the end of the input. */
function skipPast(html: string, token: string, from: number): number {
  const at = html.indexOf(token, from);
  return at === -1 ? html.length : at + token.length;
}

/** Sanitises one HTML fragment; `safeUrl` decides (and rewrites) every URL attribute. */
export function sanitizeFragment(html: string, safeUrl: UrlFilter): string {
  return new FragmentSanitizer(html, safeUrl).run();
}

class FragmentSanitizer {
  private output = "";
  /** The input before this index is in `output` (as it stands, or replaced). */
  private copied = 0;
  private readonly openNames: string[] = [];
  private readonly openKinds: number[] = [];
  /** Open elements whose content is being dropped (nothing is written while > 0). */
  private dropping = 0;
  /** Open SVG/MathML elements, where `<x/>` closes itself. */
  private foreign = 0;
  private readonly attributes = new StartTagAttributes();
  /** Where the next "&" and ">" are (the input's length when there is none), once searched. */
  private nextAmpersand = -1;
  private nextGreaterThan = -1;
  /** Reading a <title>'s text, where a "<" may be text too. */
  private inRawText = false;

  constructor(
    private readonly html: string,
    private readonly safeUrl: UrlFilter,
  ) {}

  run(): string {
    const { html } = this;
    let index = 0;
    while (index < html.length) {
      const tagStart = html.indexOf("<", index);
      if (tagStart === -1) {
        this.text(index, html.length);
        break;
      }
      if (tagStart > index) this.text(index, tagStart);
      index = this.markup(tagStart);
    }
    this.replace(html.length, html.length, this.closeDownTo(0));
    return this.output;
  }

  /** Writes `replacement` in place of the input's `[from, to)`. */
  private replace(from: number, to: number, replacement: string): void {
    this.output += this.html.slice(this.copied, from) + replacement;
    this.copied = to;
  }

  /** Text between tags (so without "<", except in a <title>), or a <title>'s content. */
  private text(start: number, end: number): void {
    if (this.dropping > 0) {
      this.replace(start, end, "");
      return;
    }
    // Most text has no "&" or ">" and is copied as it stands; their next positions are
    // remembered, so that the search for them covers the input about once.
    if (this.nextAmpersand < start) this.nextAmpersand = indexOrEnd(this.html, "&", start);
    if (this.nextGreaterThan < start) this.nextGreaterThan = indexOrEnd(this.html, ">", start);
    if (this.nextAmpersand >= end && this.nextGreaterThan >= end && !this.inRawText) return;
    const escaped = escapedTextOrNull(this.html, start, end);
    if (escaped !== null) this.replace(start, end, escaped);
  }

  /** Handles what starts with the "<" at `at`; returns where reading goes on. */
  private markup(at: number): number {
    const { html } = this;
    const next = html.charCodeAt(at + 1);
    if (isAsciiLetter(next)) return this.startTag(at);
    if (next === SLASH) return this.endTagOrBogus(at);
    let end: number;
    if (next === EXCLAMATION_MARK) {
      // Comments (`<!-->` is an empty one), CDATA sections and doctypes all go.
      if (html.startsWith("<!--", at)) end = skipPast(html, "-->", at + 2);
      else if (html.startsWith("<![CDATA[", at)) end = skipPast(html, "]]>", at + 9);
      else end = skipPast(html, ">", at + 2);
    } else if (next === QUESTION_MARK) {
      end = skipPast(html, ">", at + 2);
    } else {
      // A "<" that starts no tag is text.
      this.replace(at, at + 1, this.dropping > 0 ? "" : "&lt;");
      return at + 1;
    }
    this.replace(at, end, "");
    return end;
  }

  private endTagOrBogus(at: number): number {
    const { html } = this;
    const next = html.charCodeAt(at + 2);
    if (isAsciiLetter(next)) return this.endTag(at);
    if (Number.isNaN(next)) {
      this.replace(at, html.length, this.dropping > 0 ? "" : "&lt;/"); // a "</" that ends the input is text
      return html.length;
    }
    // "</>" is nothing; "</ x>" and "</3>" are bogus comments.
    const end = next === GREATER_THAN ? at + 3 : skipPast(html, ">", at + 2);
    this.replace(at, end, "");
    return end;
  }

  private startTag(at: number): number {
    const { html } = this;
    const nameEnd = tagNameEnd(html, at + 2);
    const name = html.slice(at + 1, nameEnd).toLowerCase();
    const rules = TAG_RULES.get(name) ?? UNKNOWN_TAG;
    const end = this.attributes.read(html, nameEnd, rules.attributes);
    if (end === -1) {
      this.replace(at, html.length, ""); // the input ends inside the tag: no tag at all
      return html.length;
    }
    if (rules.closes !== undefined) this.closeImpliedBy(rules.closes, at);
    const keep = rules.allowed && this.dropping === 0;
    if (rules.isVoid) {
      this.replace(at, end, keep ? serializeStartTag(name, this.attributes, true, this.safeUrl) : "");
      return end;
    }
    if (rules.rawText) return this.rawText(name, at, end);
    if (this.attributes.selfClosing && (this.foreign > 0 || rules.foreign)) {
      this.replace(at, end, "");
      return end;
    }
    if (this.openNames.length >= MAX_OPEN_ELEMENTS) {
      this.replace(at, html.length, ""); // absurdly deep: the rest goes (see MAX_OPEN_ELEMENTS)
      return html.length;
    }
    const kind = rules.droppedWithContent ? DROPPED : keep ? KEPT : UNWRAPPED;
    if (kind !== KEPT) {
      this.replace(at, end, "");
    } else if (rules.attributes !== undefined) {
      this.replace(at, end, serializeStartTag(name, this.attributes, false, this.safeUrl));
    } else if (end - at !== name.length + 2 || !html.startsWith(name, at + 1)) {
      this.replace(at, end, `<${name}>`); // `<P>`, `<b class="x">`: rewritten; `<b>` is copied as it stands
    }
    if (kind === DROPPED) this.dropping += 1;
    if (rules.foreign) this.foreign += 1;
    this.openNames.push(name);
    this.openKinds.push(kind);
    return end;
  }

  /**
   * `<p>a<p>b`: some start tags close the current element first (htmlparser2's table). Unlike
   * htmlparser2, unwrapped elements in between do not prevent it (`<p><font><p>` closes the
   * first <p>, as browsers do): their tags are gone from the output, and with them the nesting
   * would change when the output is sanitised again.
   */
  private closeImpliedBy(closes: ReadonlySet<string>, at: number): void {
    let written = "";
    for (;;) {
      let current = this.openNames.length - 1;
      while (current >= 0 && this.openKinds[current] === UNWRAPPED) current -= 1;
      if (current < 0 || !closes.has(this.openNames[current] ?? "")) break;
      written += this.closeDownTo(current);
    }
    if (written !== "") this.replace(at, at, written);
  }

  /**
   * Content of a raw-text element runs to its own end tag, whatever it holds. It is dropped,
   * except a <title>'s, which is text (its tag is not allowed, its words are).
   */
  private rawText(name: string, tagStart: number, contentStart: number): number {
    const { html } = this;
    let endTag = html.indexOf("</", contentStart);
    while (endTag !== -1 && !this.isEndTagOf(name, endTag)) endTag = html.indexOf("</", endTag + 2);
    const contentEnd = endTag === -1 ? html.length : endTag;
    const end = endTag === -1 ? html.length : skipPast(html, ">", endTag + 2 + name.length);
    if (name === "title") {
      this.replace(tagStart, contentStart, "");
      this.inRawText = true;
      this.text(contentStart, contentEnd);
      this.inRawText = false;
      this.replace(contentEnd, end, "");
    } else {
      this.replace(tagStart, end, "");
    }
    return end;
  }

  private isEndTagOf(name: string, at: number): boolean {
    const { html } = this;
    const after = html.charCodeAt(at + 2 + name.length);
    return (
      html.slice(at + 2, at + 2 + name.length).toLowerCase() === name &&
      (Number.isNaN(after) || isHtmlWhitespace(after) || after === SLASH || after === GREATER_THAN)
    );
  }

  private endTag(at: number): number {
    const { html } = this;
    // The common case first: `</b>` closing the current, kept <b> is already in its written form.
    const top = this.openNames.length - 1;
    const current = this.openNames[top];
    if (current !== undefined && this.openKinds[top] === KEPT && html.startsWith(current, at + 2)) {
      const after = at + 2 + current.length;
      if (html.charCodeAt(after) === GREATER_THAN) {
        this.closeCurrent();
        return after + 1;
      }
    }
    const nameEnd = tagNameEnd(html, at + 3);
    const close = html.indexOf(">", nameEnd);
    if (close === -1) {
      this.replace(at, html.length, ""); // the input ends inside the tag
      return html.length;
    }
    this.replace(at, close + 1, this.closeElement(html.slice(at + 2, nameEnd).toLowerCase()));
    return close + 1;
  }

  /**
   * An end tag closes its element and everything opened after it. Without an open element of
   * that name it is ignored, except `</p>` (an empty paragraph) and `</br>` (a line break).
   * Returns what to write.
   */
  private closeElement(name: string): string {
    if (TAG_RULES.get(name)?.isVoid === true) return name === "br" && this.dropping === 0 ? "<br />" : "";
    const position = this.openNames.lastIndexOf(name);
    if (position !== -1) return this.closeDownTo(position);
    return name === "p" && this.dropping === 0 ? "<p></p>" : "";
  }

  /** Closes the open elements down to (and with) the one at `position`; returns the end tags. */
  private closeDownTo(position: number): string {
    let written = "";
    while (this.openNames.length > position) written += this.closeCurrent();
    return written;
  }

  private closeCurrent(): string {
    const name = this.openNames.pop();
    const kind = this.openKinds.pop();
    if (name === undefined) return "";
    if (this.foreign > 0 && FOREIGN_ELEMENTS.has(name)) this.foreign -= 1;
    if (kind === DROPPED) this.dropping -= 1;
    return kind === KEPT ? `</${name}>` : "";
  }
}
