import { registerEnumType } from "type-graphql";

import type { DatePrecision, EventKind, EventPhaseName } from "../../model/catalog.js";
import type { EventRelation, LinkField, LinkKind, LinkOrigin } from "../../model/links.js";

/**
 * Enums shared by several domain types. GraphQL names are UPPER_SNAKE; the values are the
 * domain's own, so resolvers pass domain objects through unchanged.
 */

export const DatePrecisionEnum = { DAY: "DAY", MONTH: "MONTH", YEAR: "YEAR" } as const satisfies Record<
  DatePrecision,
  DatePrecision
>;
registerEnumType(DatePrecisionEnum, {
  name: "DatePrecision",
  description: "How precisely a date is known. A MONTH date is the 1st of its month, a YEAR date 1 January.",
});

export const LinkKindEnum = {
  HYPERVISOR: "HYPERVISOR",
  VENDOR: "VENDOR",
  TOPIC: "TOPIC",
  EVENT: "EVENT",
} as const satisfies Record<LinkKind, LinkKind>;
registerEnumType(LinkKindEnum, { name: "LinkKind", description: "What an article can be linked to." });

export const LinkOriginEnum = { AUTO: "AUTO", MANUAL: "MANUAL" } as const satisfies Record<LinkOrigin, LinkOrigin>;
registerEnumType(LinkOriginEnum, {
  name: "LinkOrigin",
  description: "AUTO: found by the linker, redone on every relink. MANUAL: an editor's decision, kept by every relink.",
});

export const EventRelationEnum = {
  ANNOUNCES: "ANNOUNCES",
  REPORTS: "REPORTS",
  ANALYZES: "ANALYZES",
  RETROSPECTIVE: "RETROSPECTIVE",
} as const satisfies Record<EventRelation, EventRelation>;
registerEnumType(EventRelationEnum, { name: "EventRelation", description: "How an article relates to an event." });

export const LinkFieldEnum = {
  TITLE: "title",
  SUMMARY: "summary",
  CONTENT: "content",
  CATEGORIES: "categories",
} as const satisfies Record<string, LinkField>;
registerEnumType(LinkFieldEnum, {
  name: "LinkField",
  description: "The part of an article a link's alias was found in.",
});

export const EventKindEnum = {
  ACQUISITION: "acquisition",
  RELEASE: "release",
  ANNOUNCEMENT: "announcement",
  LICENSING: "licensing",
  MILESTONE: "milestone",
  SECURITY: "security",
  HARDWARE: "hardware",
  FINANCIAL: "financial",
} as const satisfies Record<string, EventKind>;
registerEnumType(EventKindEnum, { name: "EventKind" });

export const EventPhaseNameEnum = {
  ANNOUNCED: "announced",
  CLOSED: "closed",
  RELEASED: "released",
  AVAILABLE: "available",
  END_OF_LIFE: "end-of-life",
  MERGED: "merged",
  REVISED: "revised",
} as const satisfies Record<string, EventPhaseName>;
registerEnumType(EventPhaseNameEnum, { name: "EventPhaseName", description: "A dated step of an event." });
