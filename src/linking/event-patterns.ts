import type { LinkEvidence, LinkField } from "../model/links.js";
import type { CompiledEvent, PatternTerm } from "./compile-catalog.js";
import type { AcceptedMatch } from "./entity-links.js";
import { type Occurrence, offsetOf, type ScanResult } from "./scan-text.js";

/** The entries an article is already linked to: the first evidence and the accepted matches of each. */
export interface LinkedEntries {
  evidence: Map<string, LinkEvidence>;
  matches: Map<string, AcceptedMatch[]>;
}

/** A pattern that matched: its evidence, and whether it had words (not only entry names). */
export interface PatternMatch {
  evidence: LinkEvidence[];
  specific: boolean;
}

/** The first pattern of the event whose terms all occur in the article, or null. */
export function matchPatterns(patterns: PatternTerm[][], scan: ScanResult, linked: LinkedEntries): PatternMatch | null {
  for (const pattern of patterns) {
    const match = matchPattern(pattern, scan, linked);
    if (match) return match;
  }
  return null;
}

/**
 * Phrase terms take their first occurrence; each entry term then needs a mention of its own,
 * apart from those phrases: in "AMD-V" the vendor AMD does not also count as "@amd".
 */
function matchPattern(pattern: PatternTerm[], scan: ScanResult, linked: LinkedEntries): PatternMatch | null {
  const phrases = new Map<PatternTerm, PhraseHit>();
  for (const term of pattern) {
    if (term.type !== "phrases") continue;
    const hit = firstPhraseHit(scan, term);
    if (!hit) return null;
    phrases.set(term, hit);
  }
  const taken = [...phrases.values()].map((hit) => hit.occurrence);
  const evidence: LinkEvidence[] = [];
  for (const term of pattern) {
    const hit = phrases.get(term);
    const found = hit ? evidenceOf(hit.phrase, hit.occurrence) : separateMention(linked, term, taken);
    if (!found) return null;
    evidence.push(found);
  }
  return { evidence, specific: phrases.size > 0 };
}

/** The first occurrence of one of a term's phrases, and which phrase it was. */
interface PhraseHit {
  occurrence: Occurrence;
  phrase: string;
}

function firstPhraseHit(scan: ScanResult, term: Extract<PatternTerm, { type: "phrases" }>): PhraseHit | null {
  let best: PhraseHit | null = null;
  for (let index = 0; index < term.termIds.length; index++) {
    const occurrence = scan.hits.get(term.termIds[index] as number)?.[0];
    if (occurrence && (best === null || precedes(occurrence, best.occurrence))) {
      best = { occurrence, phrase: term.phrases[index] ?? "" };
    }
  }
  return best;
}

function separateMention(linked: LinkedEntries, term: PatternTerm, phrases: Occurrence[]): LinkEvidence | null {
  if (term.type !== "entity") return null;
  const match = (linked.matches.get(term.slug) ?? []).find(
    ({ occurrence }) => !phrases.some((phrase) => overlaps(phrase, occurrence)),
  );
  return match ? evidenceOf(match.alias.text, match.occurrence) : null;
}

const evidenceOf = (alias: string, occurrence: Occurrence): LinkEvidence => ({
  alias,
  field: occurrence.field.field,
  offset: offsetOf(occurrence),
});

const overlaps = (a: Occurrence, b: Occurrence) => a.field === b.field && a.start < b.end && b.start < a.end;

/**
 * All the event's vendors, one of its hypervisors (if it has any) and a word of its kind.
 * One name plus a common word ("AMD ... processors") says too little: two entries needed.
 */
export function matchKind(event: CompiledEvent, scan: ScanResult, linked: LinkedEntries): LinkEvidence[] | null {
  const { vendors, hypervisors } = event.event;
  if (vendors.length === 0 || !vendors.every((slug) => linked.evidence.has(slug))) return null;
  const hypervisor = hypervisors.find((slug) => linked.evidence.has(slug));
  if (hypervisors.length > 0 && !hypervisor) return null;
  if (vendors.length + (hypervisor ? 1 : 0) < 2) return null;
  const kindWord = firstOccurrence(scan, event.kindWords);
  if (!kindWord) return null;
  const evidence = vendors.map((slug) => linked.evidence.get(slug) as LinkEvidence);
  if (hypervisor) evidence.push(linked.evidence.get(hypervisor) as LinkEvidence);
  evidence.push(evidenceOf(`kind:${event.event.kind}`, kindWord));
  return evidence;
}

const FIELD_RANK: Readonly<Record<LinkField, number>> = { title: 0, summary: 1, content: 2, categories: 3 };

const precedes = (a: Occurrence, b: Occurrence) =>
  FIELD_RANK[a.field.field] < FIELD_RANK[b.field.field] || (a.field === b.field && a.start < b.start);

function firstOccurrence(scan: ScanResult, termIds: readonly number[]): Occurrence | null {
  let first: Occurrence | null = null;
  for (const termId of termIds) {
    const occurrence = scan.hits.get(termId)?.[0];
    if (occurrence && (!first || precedes(occurrence, first))) first = occurrence;
  }
  return first;
}
