import type { Db } from "mongodb";

import { phraseKey } from "../linking/normalize.js";
import type { Alias } from "../model/catalog.js";
import { type AliasOwnerKind, findAliases, markCatalogChanged, pushAlias } from "../store/catalog-queries.js";
import { EntityNotFoundError, InvalidInputError } from "../timeline/domain-errors.js";
import { checkConfidence, checkSlug } from "../timeline/input-rules.js";
import { DEFAULT_ALIAS_CONFIDENCE } from "./catalog-to-domain.js";

export interface AliasInput {
  text: string;
  confidence?: number | null;
  validFrom?: Date | null;
  validTo?: Date | null;
  note?: string | null;
}

const MAX_ALIAS_LENGTH = 120;

/**
 * Adds a name to a hypervisor, vendor or topic. It must have letters or digits to match, and
 * must not repeat an alias the entry has (compared as the linker compares them). It is stored as
 * an overlay on the committed catalog (`origin: "api"`): loading the catalog files again keeps it
 * (until the files list the same name, then theirs wins). The ingest job's linker picks it up on
 * its next run (the catalog's change token moves), and the relink job re-links older articles.
 */
export async function addAlias(db: Db, kind: AliasOwnerKind, slug: string, input: AliasInput): Promise<Alias[]> {
  checkSlug("slug", slug);
  const text = input.text.trim();
  if (text.length === 0 || text.length > MAX_ALIAS_LENGTH || phraseKey(text) === "") {
    throw new InvalidInputError(`\`alias.text\` needs 1 to ${MAX_ALIAS_LENGTH} characters with a letter or digit.`);
  }
  const confidence = checkConfidence("alias.confidence", input.confidence) ?? DEFAULT_ALIAS_CONFIDENCE;
  if (confidence < 0.05) throw new InvalidInputError("`alias.confidence` must be at least 0.05.");
  if (input.validFrom && input.validTo && input.validFrom >= input.validTo) {
    throw new InvalidInputError("`alias.validFrom` must be before `alias.validTo`.");
  }
  const existing = await findAliases(db, kind, slug);
  if (existing === null) throw new EntityNotFoundError(`No ${kind.toLowerCase()} with slug "${slug}".`);
  if (existing.some((alias) => phraseKey(alias.text) === phraseKey(text))) {
    throw new InvalidInputError(`\`alias.text\`: "${text}" is already an alias of ${slug}.`);
  }
  const alias: Alias = {
    text,
    validFrom: input.validFrom ?? null,
    validTo: input.validTo ?? null,
    confidence,
    context: null,
    note: input.note?.trim() || null,
  };
  if (!(await pushAlias(db, kind, slug, alias))) {
    throw new EntityNotFoundError(`No ${kind.toLowerCase()} with slug "${slug}".`);
  }
  await markCatalogChanged(db);
  return [...existing, alias];
}
