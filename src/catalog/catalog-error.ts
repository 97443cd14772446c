/** One problem found in the catalog files: where it is and what is wrong. */
export interface CatalogIssue {
  file: string;
  /** The entry's slug, or `#<index>` when the entry has no usable slug. */
  slug: string;
  /** Dotted path of the field inside the entry ("aliases.2.validTo"); "" for the entry itself. */
  field: string;
  message: string;
}

/** Thrown when the catalog files do not validate; `issues` lists every problem found. */
export class CatalogError extends Error {
  readonly code = "CATALOG_INVALID";
  constructor(readonly issues: readonly CatalogIssue[]) {
    super(`Invalid catalog:\n${issues.map((issue) => `  - ${formatIssue(issue)}`).join("\n")}`);
    this.name = "CatalogError";
  }
}

export function formatIssue(issue: CatalogIssue): string {
  const field = issue.field === "" ? "" : ` field ${issue.field}`;
  return `${issue.file} [${issue.slug}]${field}: ${issue.message}`;
}
