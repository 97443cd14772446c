/** What an article can be linked to. */
export type LinkKind = "HYPERVISOR" | "VENDOR" | "TOPIC" | "EVENT";

/** AUTO links come from the linker and are replaced on every relink; MANUAL ones never are. */
export type LinkOrigin = "AUTO" | "MANUAL";

/** How an article relates to an event, where the linker can tell. */
export type EventRelation = "ANNOUNCES" | "REPORTS" | "ANALYZES" | "RETROSPECTIVE";

/** Which part of the article text an alias was found in. */
export type LinkField = "title" | "summary" | "content" | "categories";

/** Why a link was made: the alias (or pattern) matched, where, and at which character offset. */
export interface LinkEvidence {
  alias: string;
  field: LinkField;
  offset: number;
}

/** One link of an article to a catalog entry. */
export interface ArticleLink {
  kind: LinkKind;
  slug: string;
  /** 0..1 */
  confidence: number;
  origin: LinkOrigin;
  evidence: LinkEvidence[];
  /** Only for EVENT links. */
  relation: EventRelation | null;
  /** A MANUAL rejection: the linker must not add this link again. */
  rejected: boolean;
}

/** The text the linker reads, plus the date that places an article near an event phase. */
export interface LinkableText {
  title: string;
  summary: string;
  content: string;
  categories: string[];
  publishedAt: Date;
}

/** Links one article's text to catalog entries; pure, built once per catalog version. */
export interface Linker {
  /** Content hash of the catalog this linker was built from. */
  readonly catalogVersion: string;
  link(text: LinkableText): ArticleLink[];
}
