/**
 * Writes one allowed start tag with its allowed attributes: values decoded, URL attributes passed
 * through the URL filter, empty values dropped (but `alt=""`), every value double-quoted and
 * escaped, and links given rel="noopener noreferrer nofollow" in place of their own.
 */
import { decodeAttributeValue } from "./html-references.js";
import { type StartTagAttributes } from "./html-tag-reader.js";
import { KEPT_WHEN_EMPTY, LINK_REL, URL_ATTRIBUTES } from "./sanitize-policy.js";

/** The safe, absolute form of a URL attribute's (decoded) value on `tag`, or null to drop it. */
export type UrlFilter = (value: string, tag: string) => string | null;

/** img, br and hr are written `<img ... />` (as sanitize-html did), and so is every void element. */
export function serializeStartTag(
  name: string,
  attributes: StartTagAttributes,
  isVoid: boolean,
  safeUrl: UrlFilter,
): string {
  let tag = `<${name}`;
  let hasRel = false;
  const { names, values } = attributes;
  for (let index = 0; index < attributes.count; index += 1) {
    const attribute = names[index] ?? "";
    if (name === "a" && attribute === "rel") {
      tag += ` rel="${LINK_REL}"`;
      hasRel = true;
      continue;
    }
    let value: string | null = decodeAttributeValue(values[index] ?? "");
    if (URL_ATTRIBUTES.has(attribute)) value = safeUrl(value, name);
    if (value === null) continue;
    if (value !== "") tag += ` ${attribute}="${escapeAttributeValue(value)}"`;
    else if (attribute === KEPT_WHEN_EMPTY) tag += ` ${attribute}=""`;
  }
  if (name === "a" && !hasRel) tag += ` rel="${LINK_REL}"`;
  return isVoid ? `${tag} />` : `${tag}>`;
}

const NEEDS_ESCAPING = /[&<>"]/;

function escapeAttributeValue(value: string): string {
  if (!NEEDS_ESCAPING.test(value)) return value;
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
