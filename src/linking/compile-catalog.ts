import type { Alias, Catalog, TimelineEvent } from "../model/catalog.js";
import { ANALYSIS_CUES, ANNOUNCE_CUES, KIND_WORDS, RETROSPECTIVE_CUES } from "./cue-words.js";
import { DAY_MS, type PhaseSpan, phaseSpan } from "./event-window.js";
import { phraseKey, phraseVariants } from "./normalize.js";
import { TokenTrie } from "./token-trie.js";

export type EntityKind = "HYPERVISOR" | "VENDOR" | "TOPIC";

/**
 * An alias's context rules. The local ones keep their phrases as token sequences: they are
 * checked only around an occurrence of the alias, so common words ("a", "to") never enter the
 * trie. Article-wide requirements are terms of the trie.
 */
export interface CompiledContext {
  rejectBefore: string[][];
  rejectAfter: string[][];
  rejectNear: string[][];
  requireInArticle: number[];
  requireCapitalized: boolean;
  window: number;
}

/** One alias of one entry, ready to be checked against a match. */
export interface CompiledAlias {
  kind: EntityKind;
  slug: string;
  /** "KIND:slug", the identity of the linked entry. */
  entityKey: string;
  text: string;
  confidence: number;
  /** Epoch ms from which the alias applies, or null. */
  validFrom: number | null;
  /** Epoch ms before which the alias applies (end of its last valid day), or null. */
  validUntil: number | null;
  context: CompiledContext | null;
}

/** A pattern term: a linked entry, or phrases any one of which must occur. */
export type PatternTerm = { type: "entity"; slug: string } | { type: "phrases"; termIds: number[]; phrases: string[] };

export interface CompiledEvent {
  event: TimelineEvent;
  /** The phases as intervals, in date order. */
  spans: PhaseSpan[];
  patterns: PatternTerm[][];
  exclude: number[];
  kindWords: number[];
}

/** The catalog turned into one token trie plus lookup tables; built once per catalog version. */
export interface CompiledCatalog {
  trie: TokenTrie;
  /** Aliases that end at each term id (most terms have none: they are cue phrases). */
  aliasesByTerm: CompiledAlias[][];
  /** Candidate events by an entry slug they depend on, and by a pattern's leading phrase. */
  eventsByEntity: Map<string, CompiledEvent[]>;
  eventsByTerm: Map<number, CompiledEvent[]>;
  cues: { retrospective: number[]; analysis: number[]; announce: number[] };
}

/** Gives each distinct phrase one term id and registers its spellings in the trie. */
class TermRegistry {
  readonly trie = new TokenTrie();
  readonly aliasesByTerm: CompiledAlias[][] = [];
  private readonly ids = new Map<string, number>();

  /**
   * The term of a phrase. An `inflected` term (event pattern words) also matches the usual
   * inflections of its last word ("open source" matches "open-sourced"); it is a term of its
   * own, so aliases never match inflections.
   */
  termOf(phrase: string, inflected = false): number {
    const key = `${inflected ? "~" : ""}${phraseKey(phrase)}`;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const spellings = phraseVariants(phrase);
    if (spellings.length === 0) throw new Error(`linking: phrase "${phrase}" has no letters or digits`);
    const variants = inflected ? spellings.flatMap(withInflections) : spellings;
    const id = this.aliasesByTerm.length;
    this.aliasesByTerm.push([]);
    this.ids.set(key, id);
    for (const tokens of variants) this.trie.insert(tokens, id);
    return id;
  }

  terms(phrases: readonly string[], inflected = false): number[] {
    return [...new Set(phrases.map((phrase) => this.termOf(phrase, inflected)))];
  }
}

const INFLECTABLE = /^[a-z]{3,}$/;

/** A token sequence plus the inflections of its last word: -s, -es, -d, -ed, -ing. */
function withInflections(tokens: string[]): string[][] {
  const last = tokens[tokens.length - 1] ?? "";
  if (!INFLECTABLE.test(last)) return [tokens];
  const stem = last.endsWith("e") ? last.slice(0, -1) : last;
  const forms = new Set([last, `${last}s`, `${last}es`, `${stem}ed`, `${last}d`, `${stem}ing`]);
  return [...forms].map((form) => [...tokens.slice(0, -1), form]);
}

export function compileCatalog(catalog: Catalog): CompiledCatalog {
  const registry = new TermRegistry();
  const addAliases = (kind: EntityKind, slug: string, aliases: readonly Alias[]) => {
    for (const alias of aliases) {
      registry.aliasesByTerm[registry.termOf(alias.text)]?.push(compileAlias(kind, slug, alias, registry));
    }
  };
  for (const hypervisor of catalog.hypervisors) addAliases("HYPERVISOR", hypervisor.slug, hypervisor.aliases);
  for (const vendor of catalog.vendors) addAliases("VENDOR", vendor.slug, vendor.aliases);
  for (const topic of catalog.topics) addAliases("TOPIC", topic.slug, topic.aliases);

  const eventsByEntity = new Map<string, CompiledEvent[]>();
  const eventsByTerm = new Map<number, CompiledEvent[]>();
  for (const event of catalog.events) {
    const compiled = compileEvent(event, registry);
    for (const slug of new Set([...event.hypervisors, ...event.vendors])) pushTo(eventsByEntity, slug, compiled);
    for (const pattern of compiled.patterns) indexPattern(pattern, compiled, eventsByEntity, eventsByTerm);
  }
  return {
    trie: registry.trie,
    aliasesByTerm: registry.aliasesByTerm,
    eventsByEntity,
    eventsByTerm,
    cues: {
      retrospective: registry.terms(RETROSPECTIVE_CUES),
      analysis: registry.terms(ANALYSIS_CUES),
      announce: registry.terms(ANNOUNCE_CUES),
    },
  };
}

function compileAlias(kind: EntityKind, slug: string, alias: Alias, registry: TermRegistry): CompiledAlias {
  const context = alias.context;
  return {
    kind,
    slug,
    entityKey: `${kind}:${slug}`,
    text: alias.text,
    confidence: alias.confidence,
    validFrom: alias.validFrom?.getTime() ?? null,
    validUntil: alias.validTo ? alias.validTo.getTime() + DAY_MS : null,
    context: context
      ? {
          rejectBefore: context.rejectBefore.flatMap(phraseVariants),
          rejectAfter: context.rejectAfter.flatMap(phraseVariants),
          rejectNear: context.rejectNear.flatMap(phraseVariants),
          requireInArticle: registry.terms(context.requireInArticle),
          requireCapitalized: context.requireCapitalized,
          window: context.window,
        }
      : null,
  };
}

/** The pattern term that stands for every word of the event's kind (see KIND_WORDS). */
export const KIND_TERM = "#kind";

function compileEvent(event: TimelineEvent, registry: TermRegistry): CompiledEvent {
  const kindPhrases = [...KIND_WORDS[event.kind]];
  const kindWords = kindPhrases.map((phrase) => registry.termOf(phrase, true));
  const patterns = event.patterns.map((pattern) =>
    pattern.map((term): PatternTerm => {
      if (term.startsWith("@")) return { type: "entity", slug: term.slice(1) };
      if (term === KIND_TERM) return { type: "phrases", termIds: kindWords, phrases: kindPhrases };
      const phrases = term.split("|").map((phrase) => phrase.trim());
      return { type: "phrases", termIds: phrases.map((phrase) => registry.termOf(phrase, true)), phrases };
    }),
  );
  return {
    event,
    spans: event.phases.map(phaseSpan).sort((a, b) => a.start - b.start),
    patterns,
    exclude: registry.terms(event.exclude),
    kindWords,
  };
}

/**
 * A pattern matches only when all its terms do, so one term is enough to find it: an entry
 * slug when it has one (entries are few per article), else its first phrases that are not
 * the shared kind words (those occur in too many articles to narrow anything down).
 */
function indexPattern(
  pattern: PatternTerm[],
  event: CompiledEvent,
  byEntity: Map<string, CompiledEvent[]>,
  byTerm: Map<number, CompiledEvent[]>,
): void {
  const entity = pattern.find((term) => term.type === "entity");
  if (entity) {
    pushTo(byEntity, entity.slug, event);
    return;
  }
  const phrases = pattern.find((term) => term.type === "phrases" && term.termIds !== event.kindWords);
  if (phrases?.type === "phrases") for (const termId of phrases.termIds) pushTo(byTerm, termId, event);
}

function pushTo<K>(map: Map<K, CompiledEvent[]>, key: K, event: CompiledEvent): void {
  const list = map.get(key);
  if (!list) map.set(key, [event]);
  else if (!list.includes(event)) list.push(event);
}
