/**
 * Reads the attributes of one start tag the way the WHATWG tokenizer does (so a ">" inside a
 * quoted value does not end the tag, `<a href=x title='y'>` has two attributes, and an unclosed
 * tag at the end of the input is no tag at all), collecting only the attributes asked for.
 * Attribute names are lower-cased; a repeated attribute keeps its first value, like browsers.
 */

import {
  CARRIAGE_RETURN,
  DOUBLE_QUOTE,
  EQUALS,
  FORM_FEED,
  GREATER_THAN,
  LINE_FEED,
  SINGLE_QUOTE,
  SLASH,
  SPACE,
  TAB,
} from "./char-codes.js";

export function isHtmlWhitespace(code: number): boolean {
  return code === SPACE || code === LINE_FEED || code === TAB || code === FORM_FEED || code === CARRIAGE_RETURN;
}

/** Where a tag name ends: whitespace, "/" or ">" (or the end of the input). */
export function tagNameEnd(html: string, from: number): number {
  let index = from;
  while (index < html.length) {
    const code = html.charCodeAt(index);
    if (isHtmlWhitespace(code) || code === SLASH || code === GREATER_THAN) break;
    index += 1;
  }
  return index;
}

/** One start tag's attributes, reused from tag to tag. */
export class StartTagAttributes {
  /** The first `count` entries are this tag's; the arrays are reused, never shrunk. */
  readonly names: string[] = [];
  /** Raw values, character references not yet decoded. */
  readonly values: string[] = [];
  count = 0;
  /** `<x/>`: only meaningful inside SVG and MathML. */
  selfClosing = false;

  /**
   * Reads from just after the tag name to the closing ">", keeping the attributes in `wanted`.
   * Returns the index after the ">", or -1 when the input ends inside the tag.
   */
  read(html: string, from: number, wanted: ReadonlySet<string> | undefined): number {
    this.count = 0;
    this.selfClosing = false;
    if (wanted === undefined) {
      const end = this.endWithoutQuotes(html, from);
      if (end !== null) return end;
    }
    return this.readAll(html, from, wanted);
  }

  /** The common case of a tag without quotes up to its ">": that ">" ends it. */
  private endWithoutQuotes(html: string, from: number): number | null {
    for (let index = from; index < html.length; index += 1) {
      const code = html.charCodeAt(index);
      // `<x/>` and `<x a=b/>` differ (in the second the slash is part of the value): read those out.
      if (code === GREATER_THAN) return html.charCodeAt(index - 1) === SLASH ? null : index + 1;
      if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) return null;
    }
    return -1;
  }

  private readAll(html: string, from: number, wanted: ReadonlySet<string> | undefined): number {
    const length = html.length;
    let index = from;
    for (;;) {
      // Before an attribute name: whitespace and stray slashes are skipped; a slash right
      // before the ">" makes the tag self-closing.
      let code = html.charCodeAt(index);
      let slash = false;
      while (index < length && (isHtmlWhitespace(code) || code === SLASH)) {
        slash = code === SLASH;
        code = html.charCodeAt(++index);
      }
      if (index >= length) return -1;
      if (code === GREATER_THAN) {
        this.selfClosing = slash;
        return index + 1;
      }
      // The name: its first character may be anything, even "=".
      const nameStart = index;
      index += 1;
      while (index < length) {
        code = html.charCodeAt(index);
        if (isHtmlWhitespace(code) || code === SLASH || code === GREATER_THAN || code === EQUALS) break;
        index += 1;
      }
      const nameEnd = index;
      while (index < length && isHtmlWhitespace(html.charCodeAt(index))) index += 1;
      let value = "";
      if (html.charCodeAt(index) === EQUALS) {
        index += 1;
        while (index < length && isHtmlWhitespace(html.charCodeAt(index))) index += 1;
        code = html.charCodeAt(index);
        if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
          const close = html.indexOf(code === DOUBLE_QUOTE ? '"' : "'", index + 1);
          if (close === -1) return -1;
          value = html.slice(index + 1, close);
          index = close + 1;
        } else {
          const valueStart = index;
          while (index < length) {
            code = html.charCodeAt(index);
            if (isHtmlWhitespace(code) || code === GREATER_THAN) break;
            index += 1;
          }
          value = html.slice(valueStart, index);
        }
      }
      if (wanted !== undefined) this.keep(html.slice(nameStart, nameEnd).toLowerCase(), value, wanted);
    }
  }

  private keep(name: string, value: string, wanted: ReadonlySet<string>): void {
    if (!wanted.has(name)) return;
    for (let index = 0; index < this.count; index += 1) if (this.names[index] === name) return;
    this.names[this.count] = name;
    this.values[this.count] = value;
    this.count += 1;
  }
}
