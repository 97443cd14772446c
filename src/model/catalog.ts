/** A hypervisor of the catalog, identified by its slug (`esx`, `xen`, `hyper-v`, ...). */
export interface Hypervisor {
  slug: string;
  name: string;
}

/** A vendor of the catalog, identified by its slug (`vmware`, `citrix`, ...). */
export interface Vendor {
  slug: string;
  name: string;
}

/** How precisely a date is known: a partial date keeps its precision everywhere. */
export type DatePrecision = "DAY" | "MONTH" | "YEAR";

/** A dated event of the catalog (an acquisition, a release, ...). */
export interface TimelineEvent {
  slug: string;
  title: string;
  kind: string;
  phases: { name: string; date: Date; precision: DatePrecision }[];
}
