/** How precisely a date is known: a partial date keeps its precision everywhere. */
export type DatePrecision = "DAY" | "MONTH" | "YEAR";

/** A date known to a precision; `date` is the first instant of the day, month or year (UTC). */
export interface PartialDate {
  date: Date;
  precision: DatePrecision;
}

/** A published page that backs a catalog fact (titles are our own words, never copied). */
export interface SourceRef {
  url: string;
  title: string;
}

/**
 * Context rules that keep an ambiguous alias from matching a false friend ("KVM switch",
 * "virtual server" in a hosting ad). Phrases are matched on normalised tokens.
 */
export interface AliasContext {
  /** Reject when one of these phrases ends right before the alias. */
  rejectBefore: string[];
  /** Reject when one of these phrases starts right after the alias. */
  rejectAfter: string[];
  /** Reject when one of these phrases is within `window` tokens, in the same field. */
  rejectNear: string[];
  /** Keep only when one of these phrases appears anywhere in the article. */
  requireInArticle: string[];
  /** Keep only when the matched text starts with a capital letter ("Parallels", not "parallels"). */
  requireCapitalized: boolean;
  window: number;
}

/** One name of a catalog entry, optionally valid only for articles published in a span. */
export interface Alias {
  text: string;
  /** Articles published before this date do not use the alias (null: always). */
  validFrom: Date | null;
  /** Articles published after this date do not use the alias (null: always). */
  validTo: Date | null;
  /** How sure a match of this alias alone makes us (0..1). */
  confidence: number;
  context: AliasContext | null;
  note: string | null;
}

export type HypervisorKind = "BARE_METAL" | "HOSTED" | "KERNEL_MODULE";

/** Who sold or stewarded a hypervisor, and when. */
export interface VendorTenure {
  vendor: string;
  from: Date | null;
  to: Date | null;
}

/** A change of a hypervisor fact at a version ("ESX Server 3i drops the service console"). */
export interface FactChange {
  version: string;
  date: PartialDate | null;
  note: string;
}

export type ArchitectureStyle = "MONOLITHIC" | "MICROKERNELIZED" | "KERNEL_INTEGRATED" | "HOSTED";
export type HardwareAssistRequirement = "REQUIRED" | "OPTIONAL" | "NOT_USED";

/** What the catalog knows about a hypervisor's design on the three core topics. */
export interface HypervisorFacts {
  architecture: { style: ArchitectureStyle; controlDomain: string | null; changes: FactChange[] };
  hardwareAssist: { requirement: HardwareAssistRequirement; changes: FactChange[] };
  paravirtualization: { supports: string[]; changes: FactChange[] };
}

/** A hypervisor of the catalog, identified by its slug (`esx`, `xen`, `hyper-v`, ...). */
export interface Hypervisor {
  slug: string;
  name: string;
  kind: HypervisorKind;
  vendors: VendorTenure[];
  firstRelease: PartialDate | null;
  firstReleaseNote: string | null;
  homepage: string | null;
  aliases: Alias[];
  facts: HypervisorFacts;
  sources: SourceRef[];
}

export type OwnershipChangeKind = "ACQUIRED" | "MERGED" | "SPUN_OFF" | "RENAMED";

/** A dated change of who owns a vendor. */
export interface OwnershipChange {
  kind: OwnershipChangeKind;
  date: PartialDate;
  /** The new owner (a vendor slug when the catalog has one, else a name). */
  owner: string;
  note: string | null;
  sources: SourceRef[];
}

/** A vendor of the catalog, identified by its slug (`vmware`, `citrix`, ...). */
export interface Vendor {
  slug: string;
  name: string;
  homepage: string | null;
  aliases: Alias[];
  ownership: OwnershipChange[];
}

/** A subject articles are about (`hardware-assist`, `live-migration`, ...). */
export interface Topic {
  slug: string;
  name: string;
  description: string;
  aliases: Alias[];
}

export type EventKind =
  "acquisition" | "release" | "announcement" | "licensing" | "milestone" | "security" | "hardware" | "financial";

export type EventPhaseName = "announced" | "closed" | "released" | "available" | "end-of-life" | "merged" | "revised";

/** One dated step of an event. */
export interface EventPhase {
  name: EventPhaseName;
  date: Date;
  precision: DatePrecision;
  /** Where sources disagree on the date: what each says and which we chose. */
  dateNote: string | null;
}

/** A dated event of the catalog (an acquisition, a release, ...). */
export interface TimelineEvent {
  slug: string;
  title: string;
  kind: EventKind;
  phases: EventPhase[];
  hypervisors: string[];
  vendors: string[];
  /**
   * Article patterns, any of which identifies the event: each is a list of terms that must
   * all occur; a term is "@slug" (a linked hypervisor, vendor or topic), "#kind" (any word of
   * the event's kind: "acquires", "buys", ... for an acquisition) or phrases joined by "|".
   */
  patterns: string[][];
  /** Phrases that veto the event (a more specific neighbour event owns those articles). */
  exclude: string[];
  sources: SourceRef[];
}

/** The whole catalog, as read from schema/catalog and validated. */
export interface Catalog {
  /** sha256 of the catalog's canonical content; changes when any entry changes. */
  version: string;
  hypervisors: Hypervisor[];
  vendors: Vendor[];
  topics: Topic[];
  events: TimelineEvent[];
}
