import { z } from "zod";

import { parseCatalogDate } from "./catalog-dates.js";

/**
 * Shapes of the JSON files under schema/catalog, as reviewers read them: dates are strings,
 * enums are lower-case words, aliases may be plain strings. `parseCatalog` narrows the
 * untrusted file contents with these once and maps them to the domain types.
 */

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "expected a slug: lower-case words joined by '-'");
const text = z.string().trim().min(1, "expected a non-empty text");
const isCalendarDate = (value: string) => parseCatalogDate(value) !== null;
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD")
  .refine(isCalendarDate, "not a calendar date");
const partialDateText = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "expected YYYY, YYYY-MM or YYYY-MM-DD")
  .refine(isCalendarDate, "not a calendar date");
const precision = z.enum(["DAY", "MONTH", "YEAR"]);

const PRECISION_LENGTH = { DAY: 10, MONTH: 7, YEAR: 4 } as const;

/** A date written to its precision: "2001" (YEAR), "2001-03" (MONTH), "2001-03-23" (DAY). */
const partialDate = z
  .strictObject({ date: partialDateText, precision, note: text.optional() })
  .refine((value) => value.date.length === PRECISION_LENGTH[value.precision], {
    message: "the date's format does not match its precision",
    path: ["date"],
  });

const source = z.strictObject({ url: z.url({ protocol: /^https?$/ }), title: text });
const sources = z.array(source).min(1, "expected at least one source");

const aliasContext = z.strictObject({
  rejectBefore: z.array(text).default([]),
  rejectAfter: z.array(text).default([]),
  rejectNear: z.array(text).default([]),
  requireInArticle: z.array(text).default([]),
  requireCapitalized: z.boolean().default(false),
  window: z.number().int().min(1).max(50).default(8),
});

const aliasObject = z.strictObject({
  text,
  validFrom: isoDay.optional(),
  validTo: isoDay.optional(),
  confidence: z.number().min(0.05).max(1).optional(),
  context: aliasContext.optional(),
  note: text.optional(),
});

/** An alias is a plain name, or a name with a validity span, a confidence and context rules. */
const alias = z.union([text, aliasObject]);
const aliases = z.array(alias).min(1, "expected at least one alias");

const factChange = z.strictObject({ version: text, date: partialDate.optional(), note: text });
const factChanges = z.array(factChange).default([]);

const facts = z.strictObject({
  architecture: z.strictObject({
    style: z.enum(["monolithic", "microkernelized", "kernel-integrated", "hosted"]),
    controlDomain: text.nullable(),
    changes: factChanges,
  }),
  hardwareAssist: z.strictObject({ requirement: z.enum(["required", "optional", "not-used"]), changes: factChanges }),
  paravirtualization: z.strictObject({ supports: z.array(text), changes: factChanges }),
});

const tenure = z.strictObject({ vendor: slug, from: isoDay.nullable(), to: isoDay.nullable() });

export const hypervisorEntry = z.strictObject({
  slug,
  name: text,
  kind: z.enum(["bare-metal", "hosted", "kernel-module"]),
  vendors: z.array(tenure),
  firstRelease: partialDate.nullable(),
  homepage: z.url({ protocol: /^https?$/ }).nullable(),
  aliases,
  facts,
  sources,
});

const ownershipChange = z.strictObject({
  kind: z.enum(["acquired", "merged", "spun-off", "renamed"]),
  date: partialDate,
  owner: text,
  note: text.optional(),
  sources,
});

export const vendorEntry = z.strictObject({
  slug,
  name: text,
  homepage: z.url({ protocol: /^https?$/ }).nullable(),
  aliases,
  ownership: z.array(ownershipChange).default([]),
});

export const topicEntry = z.strictObject({ slug, name: text, description: text, aliases });

const phase = z
  .strictObject({
    name: z.enum(["announced", "closed", "released", "available", "end-of-life", "merged", "revised"]),
    date: partialDateText,
    precision,
    dateNote: text.optional(),
  })
  .refine((value) => value.date.length === PRECISION_LENGTH[value.precision], {
    message: "the date's format does not match its precision",
    path: ["date"],
  });

/** A pattern term: "@slug", "#kind" (any word of the event's kind) or phrases joined by "|". */
const patternTerm = z
  .string()
  .regex(/^(@[a-z0-9-]+|#kind|[^@#|]+(\|[^@#|]+)*)$/, "expected '@slug', '#kind' or 'phrase|phrase'");

export const eventEntry = z.strictObject({
  slug,
  title: text,
  kind: z.enum([
    "acquisition",
    "release",
    "announcement",
    "licensing",
    "milestone",
    "security",
    "hardware",
    "financial",
  ]),
  phases: z.array(phase).min(1, "expected at least one dated phase"),
  hypervisors: z.array(slug),
  vendors: z.array(slug),
  patterns: z.array(z.array(patternTerm).min(1)).min(1, "expected at least one pattern"),
  exclude: z.array(text).default([]),
  sources,
});

export type RawPartialDate = z.infer<typeof partialDate>;
export type RawAlias = z.infer<typeof alias>;
export type RawFactChange = z.infer<typeof factChange>;
export type RawHypervisor = z.infer<typeof hypervisorEntry>;
export type RawVendor = z.infer<typeof vendorEntry>;
export type RawTopic = z.infer<typeof topicEntry>;
export type RawEvent = z.infer<typeof eventEntry>;
