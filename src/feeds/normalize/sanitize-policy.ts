/**
 * What the feed-HTML sanitiser lets through (the allow-list) and how it reads HTML structure.
 * The allow-list is the one we used with sanitize-html: its default tags without `data`, plus
 * img, picture, del and ins; a few attributes per tag; URLs only http(s) and mailto (images:
 * http(s) only). The structural tables (void elements, which start tag closes which open
 * element) follow htmlparser2, the parser sanitize-html is built on, so that output matches it.
 */

export const ALLOWED_TAGS: ReadonlySet<string> = new Set(
  (
    "address article aside footer header h1 h2 h3 h4 h5 h6 hgroup main nav section " +
    "blockquote dd div dl dt figcaption figure hr li menu ol p pre ul " +
    "a abbr b bdi bdo br cite code dfn em i kbd mark q rb rp rt rtc ruby " +
    "s samp small span strong sub sup time u var wbr " +
    "caption col colgroup table tbody td tfoot th thead tr img picture del ins"
  ).split(" "),
);

/** Attributes kept per tag (nothing else: no style, class, id or on* handlers anywhere). */
export const ALLOWED_ATTRIBUTES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    a: ["href", "title", "rel"],
    img: ["src", "alt", "title", "width", "height"],
    abbr: ["title"],
    blockquote: ["cite"],
    q: ["cite"],
    time: ["datetime"],
    td: ["colspan", "rowspan"],
    th: ["colspan", "rowspan", "scope"],
    ol: ["start"],
  }).map(([tag, names]) => [tag, new Set(names)]),
);

/** URL-valued attributes: resolved against the item's base, then only these schemes pass. */
export const URL_ATTRIBUTES: ReadonlySet<string> = new Set(["href", "src", "cite"]);
export const LINK_SCHEMES = ["http:", "https:", "mailto:"] as const;
export const IMAGE_SCHEMES = ["http:", "https:"] as const;

/** Every link gets this rel, replacing the feed's own. */
export const LINK_REL = "noopener noreferrer nofollow";

/** The one attribute kept when empty (`alt=""` marks a decorative image); other empty ones go. */
export const KEPT_WHEN_EMPTY = "alt";

/**
 * Elements whose content is dropped with them, not only their tags: code and styles, form
 * widgets, and embedded documents (SVG and MathML can carry script, CVE-2020-25789).
 */
export const DROPPED_WITH_CONTENT: ReadonlySet<string> = new Set([
  "script", "style", "template", "noscript", // code, styles, inert markup
  "textarea", "option", "xmp", "plaintext", // form widgets and legacy text
  "iframe", "object", "applet", "noembed", "noframes", "svg", "math", // embedded documents
]); // prettier-ignore

/**
 * Raw-text elements: browsers read their content as text up to the matching end tag, never as
 * tags (`<script>"</p>"</script>`), so the scanner must too, to find where they end. `title` is
 * the one whose text is kept (as sanitize-html does).
 */
export const RAW_TEXT_ELEMENTS: ReadonlySet<string> = new Set(
  "script style textarea xmp iframe noembed noframes noscript title".split(" "),
);

/** Elements that have no end tag and no content (htmlparser2's list). */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input", "isindex",
  "keygen", "link", "meta", "param", "source", "track", "wbr",
]); // prettier-ignore

/** SVG and MathML: inside them `<x/>` closes itself, as in XML. */
export const FOREIGN_ELEMENTS: ReadonlySet<string> = new Set(["svg", "math"]);

const P = ["p"];
const FORM = ["input", "option", "optgroup", "select", "button", "datalist", "textarea"];
const TABLE_SECTIONS = ["thead", "tbody"];
const DD_DT = ["dd", "dt"];
const RT_RP = ["rt", "rp"];

/** A start tag closes these elements while they are the current one (`<p>a<p>b`, `<li>a<li>b`). */
export const CLOSED_BY_START_TAG: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    tr: ["tr", "th", "td"], th: ["th"], td: ["thead", "th", "td"], body: ["head", "link", "script"],
    li: ["li"], p: P, h1: P, h2: P, h3: P, h4: P, h5: P, h6: P,
    select: FORM, input: FORM, output: FORM, button: FORM, datalist: FORM, textarea: FORM,
    option: ["option"], optgroup: ["optgroup", "option"], dd: DD_DT, dt: DD_DT,
    address: P, article: P, aside: P, blockquote: P, details: P, div: P, dl: P, fieldset: P,
    figcaption: P, figure: P, footer: P, form: P, header: P, hr: P, main: P, nav: P, ol: P, pre: P,
    section: P, table: P, ul: P, rt: RT_RP, rp: RT_RP, tbody: TABLE_SECTIONS, tfoot: TABLE_SECTIONS,
  }).map(([tag, closes]) => [tag, new Set(closes)]),
); // prettier-ignore

/** Everything the sanitiser needs to know about one tag name, from a single lookup. */
export interface TagRules {
  readonly allowed: boolean;
  /** The attributes kept on it, when it keeps any. */
  readonly attributes: ReadonlySet<string> | undefined;
  readonly isVoid: boolean;
  readonly rawText: boolean;
  readonly droppedWithContent: boolean;
  readonly foreign: boolean;
  /** The elements its start tag closes while they are the current one. */
  readonly closes: ReadonlySet<string> | undefined;
}

/** Tags the tables above do not name: unwrapped (text kept), nothing special. */
export const UNKNOWN_TAG: TagRules = {
  allowed: false,
  attributes: undefined,
  isVoid: false,
  rawText: false,
  droppedWithContent: false,
  foreign: false,
  closes: undefined,
};

export const TAG_RULES: ReadonlyMap<string, TagRules> = new Map(
  [
    ...new Set([
      ...ALLOWED_TAGS,
      ...DROPPED_WITH_CONTENT,
      ...RAW_TEXT_ELEMENTS,
      ...VOID_ELEMENTS,
      ...FOREIGN_ELEMENTS,
      ...CLOSED_BY_START_TAG.keys(),
    ]),
  ].map((name) => [
    name,
    {
      allowed: ALLOWED_TAGS.has(name),
      attributes: ALLOWED_ATTRIBUTES.get(name),
      isVoid: VOID_ELEMENTS.has(name),
      rawText: RAW_TEXT_ELEMENTS.has(name),
      droppedWithContent: DROPPED_WITH_CONTENT.has(name),
      foreign: FOREIGN_ELEMENTS.has(name),
      closes: CLOSED_BY_START_TAG.get(name),
    },
  ]),
);
