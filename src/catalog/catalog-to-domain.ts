import type {
  Alias,
  ArchitectureStyle,
  EventPhase,
  FactChange,
  HardwareAssistRequirement,
  Hypervisor,
  HypervisorKind,
  OwnershipChangeKind,
  PartialDate,
  TimelineEvent,
  Topic,
  Vendor,
} from "../model/catalog.js";
import { catalogDate, catalogPartialDate, optionalCatalogDate } from "./catalog-dates.js";
import type {
  RawAlias,
  RawEvent,
  RawFactChange,
  RawHypervisor,
  RawPartialDate,
  RawTopic,
  RawVendor,
} from "./catalog-schema.js";

/** Confidence of an alias that does not state one: a plain name is a strong signal. */
export const DEFAULT_ALIAS_CONFIDENCE = 0.9;

const KIND: Record<RawHypervisor["kind"], HypervisorKind> = {
  "bare-metal": "BARE_METAL",
  hosted: "HOSTED",
  "kernel-module": "KERNEL_MODULE",
};

const STYLE: Record<RawHypervisor["facts"]["architecture"]["style"], ArchitectureStyle> = {
  monolithic: "MONOLITHIC",
  microkernelized: "MICROKERNELIZED",
  "kernel-integrated": "KERNEL_INTEGRATED",
  hosted: "HOSTED",
};

const REQUIREMENT: Record<RawHypervisor["facts"]["hardwareAssist"]["requirement"], HardwareAssistRequirement> = {
  required: "REQUIRED",
  optional: "OPTIONAL",
  "not-used": "NOT_USED",
};

const OWNERSHIP: Record<RawVendor["ownership"][number]["kind"], OwnershipChangeKind> = {
  acquired: "ACQUIRED",
  merged: "MERGED",
  "spun-off": "SPUN_OFF",
  renamed: "RENAMED",
};

const partialDateOf = (raw: RawPartialDate): PartialDate => catalogPartialDate(raw.date, raw.precision);

export function aliasOf(raw: RawAlias): Alias {
  if (typeof raw === "string") {
    return {
      text: raw,
      validFrom: null,
      validTo: null,
      confidence: DEFAULT_ALIAS_CONFIDENCE,
      context: null,
      note: null,
    };
  }
  return {
    text: raw.text,
    validFrom: optionalCatalogDate(raw.validFrom),
    validTo: optionalCatalogDate(raw.validTo),
    confidence: raw.confidence ?? DEFAULT_ALIAS_CONFIDENCE,
    context: raw.context ?? null,
    note: raw.note ?? null,
  };
}

const changeOf = (raw: RawFactChange): FactChange => ({
  version: raw.version,
  date: raw.date ? partialDateOf(raw.date) : null,
  note: raw.note,
});

export function hypervisorOf(raw: RawHypervisor): Hypervisor {
  const { architecture, hardwareAssist, paravirtualization } = raw.facts;
  return {
    slug: raw.slug,
    name: raw.name,
    kind: KIND[raw.kind],
    vendors: raw.vendors.map((tenure) => ({
      vendor: tenure.vendor,
      from: optionalCatalogDate(tenure.from),
      to: optionalCatalogDate(tenure.to),
    })),
    firstRelease: raw.firstRelease ? partialDateOf(raw.firstRelease) : null,
    firstReleaseNote: raw.firstRelease?.note ?? null,
    homepage: raw.homepage,
    aliases: raw.aliases.map(aliasOf),
    facts: {
      architecture: {
        style: STYLE[architecture.style],
        controlDomain: architecture.controlDomain,
        changes: architecture.changes.map(changeOf),
      },
      hardwareAssist: {
        requirement: REQUIREMENT[hardwareAssist.requirement],
        changes: hardwareAssist.changes.map(changeOf),
      },
      paravirtualization: { supports: paravirtualization.supports, changes: paravirtualization.changes.map(changeOf) },
    },
    sources: raw.sources,
  };
}

export function vendorOf(raw: RawVendor): Vendor {
  return {
    slug: raw.slug,
    name: raw.name,
    homepage: raw.homepage,
    aliases: raw.aliases.map(aliasOf),
    ownership: raw.ownership.map((change) => ({
      kind: OWNERSHIP[change.kind],
      date: partialDateOf(change.date),
      owner: change.owner,
      note: change.note ?? null,
      sources: change.sources,
    })),
  };
}

export const topicOf = (raw: RawTopic): Topic => ({
  slug: raw.slug,
  name: raw.name,
  description: raw.description,
  aliases: raw.aliases.map(aliasOf),
});

export function eventOf(raw: RawEvent): TimelineEvent {
  const phases: EventPhase[] = raw.phases.map((phase) => ({
    name: phase.name,
    date: catalogDate(phase.date),
    precision: phase.precision,
    dateNote: phase.dateNote ?? null,
  }));
  return {
    slug: raw.slug,
    title: raw.title,
    kind: raw.kind,
    phases: phases.sort((a, b) => a.date.getTime() - b.date.getTime()),
    hypervisors: raw.hypervisors,
    vendors: raw.vendors,
    patterns: raw.patterns,
    exclude: raw.exclude,
    sources: raw.sources,
  };
}
