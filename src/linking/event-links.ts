import type { ArticleLink, EventRelation, LinkEvidence } from "../model/links.js";
import { headlineDatesEvent } from "./anniversary.js";
import type { CompiledCatalog, CompiledEvent } from "./compile-catalog.js";
import { type EntityLinks, roundConfidence } from "./entity-links.js";
import { type LinkedEntries, matchKind, matchPatterns } from "./event-patterns.js";
import { cueInHeadline, type RelationCues, relationOf } from "./event-relation.js";
import { type EventTiming, placeInTime } from "./event-window.js";
import type { LinkerOptions } from "./linker-options.js";
import { anyTermIn, type ScanResult } from "./scan-text.js";

type MatchedVia = "pattern" | "kind";

interface EventMatch {
  event: CompiledEvent;
  via: MatchedVia;
  /** Matched by a pattern with words, not only by names occurring together. */
  specific: boolean;
  evidence: LinkEvidence[];
  timing: EventTiming;
  relation: EventRelation | null;
}

/** A catalog pattern is explicit; "its entries plus a kind word" is a weaker signal. */
const BASE_CONFIDENCE: Readonly<Record<MatchedVia, number>> = { pattern: 0.9, kind: 0.7 };
const TITLE_BONUS = 0.05;
/** How much confidence fades at the far edge of the window. */
const EDGE_DECAY = 0.25;
const RETROSPECTIVE_FACTOR = 0.75;

/**
 * Links an article to catalog events: an event qualifies when one of its patterns matches
 * (or all its vendors, one of its hypervisors and a word of its kind occur) and the article
 * date lies in the window around a phase, or after it for a look back. The specific wins:
 * when any event matches by pattern, kind-only matches are dropped, and a match on names
 * alone ("Broadcom ... VMware") gives way to a worded match about the same entries
 * ("Broadcom kills the free ESXi").
 */
export function linkEvents(
  compiled: CompiledCatalog,
  scan: ScanResult,
  entityLinks: EntityLinks,
  publishedAt: number,
  options: LinkerOptions,
): ArticleLink[] {
  const linked: LinkedEntries = { evidence: new Map(), matches: entityLinks.matches };
  for (const link of entityLinks.links) {
    const first = link.evidence[0];
    if (first && !linked.evidence.has(link.slug)) linked.evidence.set(link.slug, first);
  }
  const matches: EventMatch[] = [];
  for (const event of candidateEvents(compiled, scan, linked)) {
    const match = matchEvent(event, compiled, scan, linked, publishedAt, options);
    if (match) matches.push(match);
  }
  return preferSpecific(matches)
    .map((match) => linkOf(match, options))
    .filter((link) => link.confidence >= options.minConfidence);
}

function preferSpecific(matches: EventMatch[]): EventMatch[] {
  const byPattern = matches.filter((match) => match.via === "pattern");
  const kept = byPattern.length > 0 ? byPattern : matches;
  const specificEntries = new Set(kept.filter((match) => match.specific).flatMap((match) => entriesOf(match.event)));
  return kept.filter((match) => match.specific || !entriesOf(match.event).some((slug) => specificEntries.has(slug)));
}

const entriesOf = (event: CompiledEvent) => [...event.event.hypervisors, ...event.event.vendors];

function candidateEvents(compiled: CompiledCatalog, scan: ScanResult, linked: LinkedEntries): Set<CompiledEvent> {
  const candidates = new Set<CompiledEvent>();
  for (const slug of linked.evidence.keys()) {
    for (const event of compiled.eventsByEntity.get(slug) ?? []) candidates.add(event);
  }
  for (const termId of scan.hits.keys()) {
    for (const event of compiled.eventsByTerm.get(termId) ?? []) candidates.add(event);
  }
  return candidates;
}

function matchEvent(
  event: CompiledEvent,
  compiled: CompiledCatalog,
  scan: ScanResult,
  linked: LinkedEntries,
  publishedAt: number,
  options: LinkerOptions,
): EventMatch | null {
  if (anyTermIn(scan, event.exclude) || !namesAnEntryOf(event, linked)) return null;
  const timing = placeInTime(event.spans, publishedAt, options);
  if (!timing.inWindow && timing.daysAfterLast < 0) return null;
  const byPattern = matchPatterns(event.patterns, scan, linked);
  const byKind = byPattern ? null : matchKind(event, scan, linked);
  const evidence = byPattern?.evidence ?? byKind;
  if (!evidence) return null;
  const via: MatchedVia = byPattern ? "pattern" : "kind";
  const cues = {
    retrospective: cueInHeadline(scan, compiled.cues.retrospective),
    analysis: cueInHeadline(scan, compiled.cues.analysis),
    announce: cueInHeadline(scan, compiled.cues.announce),
  };
  if (!timing.inWindow && !isLookBack(event, via, cues, scan, publishedAt, options)) return null;
  return { event, via, specific: byPattern?.specific ?? false, evidence, timing, relation: relationOf(timing, cues) };
}

/** An event is about its hypervisors and vendors: an article naming none of them is not. */
function namesAnEntryOf(event: CompiledEvent, linked: LinkedEntries): boolean {
  const entries = entriesOf(event);
  return entries.length === 0 || entries.some((slug) => linked.evidence.has(slug));
}

/** After the window only a clear look back counts: a pattern, a retrospective cue, a date. */
function isLookBack(
  event: CompiledEvent,
  via: MatchedVia,
  cues: RelationCues,
  scan: ScanResult,
  publishedAt: number,
  options: LinkerOptions,
): boolean {
  return (
    options.retrospectives &&
    via === "pattern" &&
    cues.retrospective &&
    headlineDatesEvent(scan, event.spans, publishedAt)
  );
}

function linkOf(match: EventMatch, options: LinkerOptions): ArticleLink {
  const inTitle = match.evidence.some((item) => item.field === "title");
  let confidence = BASE_CONFIDENCE[match.via] + (inTitle ? TITLE_BONUS : 0);
  if (!match.timing.inWindow) confidence *= RETROSPECTIVE_FACTOR;
  else confidence *= 1 - EDGE_DECAY * edgeFraction(match.timing, options);
  return {
    kind: "EVENT",
    slug: match.event.event.slug,
    confidence: roundConfidence(confidence),
    origin: "AUTO",
    evidence: match.evidence.slice(0, options.maxEvidence),
    relation: match.relation,
    rejected: false,
  };
}

/** 0 at a phase, 1 at the edge of the window. */
function edgeFraction(timing: EventTiming, options: LinkerOptions): number {
  const days = timing.daysFromNearest;
  if (days === 0) return 0;
  const width = days > 0 ? options.windowAfterDays : options.windowBeforeDays;
  return width === 0 ? 1 : Math.min(1, Math.abs(days) / width);
}
