import type { ArticleLink, LinkEvidence, LinkField } from "../model/links.js";
import type { CompiledAlias, CompiledCatalog, CompiledContext, EntityKind } from "./compile-catalog.js";
import type { LinkerOptions } from "./linker-options.js";
import type { Token } from "./normalize.js";
import { anyTermIn, type Occurrence, offsetOf, type ScanResult, textOf } from "./scan-text.js";

/** A title mention says more about what an article is about than one deep in its content. */
export const FIELD_WEIGHT: Readonly<Record<LinkField, number>> = {
  title: 1,
  summary: 0.95,
  categories: 0.9,
  content: 0.85,
};

const FIELD_ORDER: Readonly<Record<LinkField, number>> = { title: 0, summary: 1, content: 2, categories: 3 };
/** Token positions of different fields never collide in a numeric position key. */
const POSITIONS_PER_FIELD = 2 ** 32;

/** An alias occurrence that passed its validity and context rules. */
export interface AcceptedMatch {
  alias: CompiledAlias;
  occurrence: Occurrence;
}

export interface EntityLinks {
  links: ArticleLink[];
  /** The accepted occurrences of each linked entry, by slug, one per position. */
  matches: Map<string, AcceptedMatch[]>;
}

/**
 * Links to hypervisors, vendors and topics: every alias occurrence that is valid at the
 * article's date and passes its context rules counts once per position (the longest alias
 * there wins), and the link's confidence combines them: 1 - prod(1 - alias x field weight).
 */
export function linkEntities(
  compiled: CompiledCatalog,
  scan: ScanResult,
  publishedAt: number,
  options: LinkerOptions,
): EntityLinks {
  const byEntity = new Map<string, AcceptedMatch[]>();
  for (const [termId, occurrences] of scan.hits) {
    const aliases = compiled.aliasesByTerm[termId];
    if (!aliases || aliases.length === 0) continue;
    for (const alias of aliases) {
      if (!isValidAt(alias, publishedAt)) continue;
      for (const occurrence of occurrences) {
        if (!contextAllows(alias.context, occurrence, scan)) continue;
        const list = byEntity.get(alias.entityKey);
        if (list) list.push({ alias, occurrence });
        else byEntity.set(alias.entityKey, [{ alias, occurrence }]);
      }
    }
  }
  const links: ArticleLink[] = [];
  const matchesBySlug = new Map<string, AcceptedMatch[]>();
  for (const matches of byEntity.values()) {
    const unique = onePerPosition(matches);
    const link = linkOf(unique, options.maxEvidence);
    if (link.confidence < options.minConfidence) continue;
    links.push(link);
    matchesBySlug.set(link.slug, [...(matchesBySlug.get(link.slug) ?? []), ...unique]);
  }
  return { links, matches: matchesBySlug };
}

export function isValidAt(alias: CompiledAlias, publishedAt: number): boolean {
  if (alias.validFrom !== null && publishedAt < alias.validFrom) return false;
  return alias.validUntil === null || publishedAt < alias.validUntil;
}

/** Applies an alias's context rules to one occurrence (see AliasContext). */
export function contextAllows(context: CompiledContext | null, occurrence: Occurrence, scan: ScanResult): boolean {
  if (!context) return true;
  if (context.requireCapitalized && !/^\p{Lu}/u.test(textOf(occurrence))) return false;
  if (context.requireInArticle.length > 0 && !anyTermIn(scan, context.requireInArticle)) return false;
  const tokens = occurrence.field.tokens;
  const { start, end } = occurrence;
  if (context.rejectBefore.some((phrase) => phraseAt(tokens, start - phrase.length, phrase))) return false;
  if (context.rejectAfter.some((phrase) => phraseAt(tokens, end, phrase))) return false;
  return !context.rejectNear.some((phrase) =>
    phraseWithin(tokens, start - context.window, end + context.window, phrase),
  );
}

/** Whether the phrase's tokens sit at `position`. */
function phraseAt(tokens: readonly Token[], position: number, phrase: readonly string[]): boolean {
  if (position < 0 || position + phrase.length > tokens.length) return false;
  return phrase.every((text, offset) => tokens[position + offset]?.text === text);
}

/** Whether the phrase occurs overlapping the token range [from, to). */
function phraseWithin(tokens: readonly Token[], from: number, to: number, phrase: readonly string[]): boolean {
  const last = Math.min(to, tokens.length) - 1;
  for (let position = Math.max(0, from - phrase.length + 1); position <= last; position++) {
    if (phraseAt(tokens, position, phrase)) return true;
  }
  return false;
}

/** The longest accepted alias at each position, in reading order. */
function onePerPosition(matches: AcceptedMatch[]): AcceptedMatch[] {
  if (matches.length === 1) return matches;
  const atPosition = new Map<number, AcceptedMatch>();
  for (const match of matches) {
    const key = FIELD_ORDER[match.occurrence.field.field] * POSITIONS_PER_FIELD + match.occurrence.start;
    const held = atPosition.get(key);
    const length = match.occurrence.end - match.occurrence.start;
    if (!held || length > held.occurrence.end - held.occurrence.start) atPosition.set(key, match);
  }
  return [...atPosition.values()].sort(
    (a, b) =>
      FIELD_ORDER[a.occurrence.field.field] - FIELD_ORDER[b.occurrence.field.field] ||
      a.occurrence.start - b.occurrence.start,
  );
}

function linkOf(unique: AcceptedMatch[], maxEvidence: number): ArticleLink {
  const first = unique[0] as AcceptedMatch;
  const kind: EntityKind = first.alias.kind;
  let miss = 1;
  for (const match of unique) miss *= 1 - match.alias.confidence * FIELD_WEIGHT[match.occurrence.field.field];
  const evidence: LinkEvidence[] = unique.slice(0, maxEvidence).map((match) => ({
    alias: match.alias.text,
    field: match.occurrence.field.field,
    offset: offsetOf(match.occurrence),
  }));
  return {
    kind,
    slug: first.alias.slug,
    confidence: roundConfidence(1 - miss),
    origin: "AUTO",
    evidence,
    relation: null,
    rejected: false,
  };
}

export const roundConfidence = (value: number): number => Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
