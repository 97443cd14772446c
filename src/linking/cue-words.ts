import type { EventKind } from "../model/catalog.js";

/**
 * Words that, next to an event's own hypervisors and vendors, say an article is about an
 * event of that kind ("Red Hat buys Qumranet" without a catalog pattern still reads as an
 * acquisition). Pattern words also match their inflections ("acquire" matches "acquires",
 * "acquired", "acquiring"). Kept short: each word is checked only for candidate events.
 */
export const KIND_WORDS: Readonly<Record<EventKind, readonly string[]>> = {
  acquisition: [
    "acquire",
    "acquisition",
    "buy",
    "bought",
    "purchase",
    "takeover",
    "take over",
    "deal",
    "merger",
    "snap up",
    "snaps up",
    "snapped up",
  ],
  release: ["release", "ship", "shipped", "launch", "general availability", "generally available"],
  announcement: ["announce", "unveil", "introduce", "reveal"],
  licensing: ["free", "price", "pricing", "licensing", "license", "licence", "subscription", "no cost"],
  milestone: ["milestone", "mainline", "merge", "join", "become"],
  security: ["vulnerability", "flaw", "cve", "exploit", "advisory", "patch"],
  hardware: ["processor", "chip", "cpu"],
  financial: ["ipo", "share", "stock", "public offering"],
};

/** An article that looks back at an event. */
export const RETROSPECTIVE_CUES: readonly string[] = [
  "years ago",
  "anniversary",
  "look back",
  "looking back",
  "looks back",
  "retrospective",
  "decade after",
  "decade since",
  "years after",
  "years since",
  "years of",
  "history",
];

/** An article that reviews, compares or interprets rather than reports. */
export const ANALYSIS_CUES: readonly string[] = [
  "analysis",
  "analyst",
  "analysts",
  "why",
  "what it means",
  "means for",
  "what changes",
  "implications",
  "opinion",
  "review",
  "hands-on",
  "first look",
  "lab test",
  "benchmark",
  "benchmarks",
  "versus",
  "vs",
  "compared",
  "comparison",
  "explained",
  "should you",
];

/** An article that is the announcement itself (press-release wording, same day). */
export const ANNOUNCE_CUES: readonly string[] = [
  "announces",
  "announced",
  "unveils",
  "introduces",
  "launches",
  "releases",
  "released",
  "ships",
  "to acquire",
  "to buy",
  "agrees to",
  "today",
  "completes",
];
