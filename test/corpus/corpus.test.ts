/**
 * Every input of the public feed-parser corpora (shared/fixtures/feeds, 2,029 documents from
 * rss-parser, feedparser, gofeed, miniflux, feedjira and node-feedparser) through parseFeed and
 * normalizeFeed. Fails if anything but a FeedParseError is thrown, or if a source's share of
 * passed mapped expectations drops below its floor (set from what this code achieves; raise them
 * as the parser improves, never lower them to make a change pass).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  corpusExists,
  locateCorpus,
  type ManifestEntry,
  type Outcome,
  readManifest,
  runPipeline,
  Tally,
} from "./corpus-support.js";
import { checkFeedparser } from "./expect-feedparser.js";
import { checkGofeed, checkRssParser } from "./expect-golden.js";
import { checkFeedjira, checkGofeedTable, checkMiniflux } from "./expect-prose.js";

/**
 * Minimum passed/mapped per source, set just under what this code achieved when the floors were
 * set (rss-parser 3758/3758, feedparser 574/670, gofeed 1582/1636, miniflux 23/23, feedjira 5/5;
 * node-feedparser keeps its assertions in mocha code, so only "no crash" applies there).
 */
const FLOORS: Record<string, number> = {
  "rbren-rss-parser": 0.99,
  "kurtmckee-feedparser": 0.85,
  "mmcdole-gofeed": 0.96,
  "miniflux-v2": 1,
  "feedjira-feedjira": 1,
  "danmactough-node-feedparser": 1,
};

const dir = locateCorpus();

function checkExpectations(outcome: Outcome, tally: Tally): void {
  const entry: ManifestEntry = outcome.entry;
  switch (entry.source) {
    case "rbren-rss-parser":
      return checkRssParser(dir, outcome, tally);
    case "kurtmckee-feedparser":
      return checkFeedparser(outcome, tally);
    case "mmcdole-gofeed":
      return Array.isArray(entry.expected) ? checkGofeedTable(outcome, tally) : checkGofeed(dir, outcome, tally);
    case "miniflux-v2":
      return checkMiniflux(outcome, tally);
    case "feedjira-feedjira":
      return checkFeedjira(dir, outcome, tally);
    default:
      return tally.skip("assertions live in upstream test code only");
  }
}

function describeCrash(crash: unknown): string {
  return crash instanceof Error ? (crash.stack ?? crash.message) : JSON.stringify(crash);
}

function report(tallies: Map<string, Tally>, inputs: Map<string, number>): string {
  const lines = ["source | inputs | passed/mapped | rate | skipped"];
  for (const [source, tally] of tallies) {
    const rate = (tally.rate * 100).toFixed(1);
    lines.push(
      `${source} | ${inputs.get(source)} | ${tally.passed}/${tally.mapped} | ${rate} % | ${tally.skippedCount}`,
    );
  }
  return lines.join("\n");
}

function topSkips(tally: Tally): string {
  return [...tally.skipped.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([reason, count]) => `    ${count} × ${reason}`)
    .join("\n");
}

describe(
  "feed corpus (shared/fixtures/feeds)",
  { skip: corpusExists(dir) ? false : `corpus not found at ${dir} (set FEED_CORPUS_DIR)` },
  () => {
    it("parses every input without a crash and keeps each source above its floor", () => {
      const tallies = new Map<string, Tally>();
      const inputs = new Map<string, number>();
      const crashes: string[] = [];
      for (const entry of readManifest(dir)) {
        const outcome = runPipeline(dir, entry);
        if (outcome.crash !== null) crashes.push(`${entry.path}: ${describeCrash(outcome.crash)}`);
        const tally = tallies.get(entry.source) ?? new Tally();
        tallies.set(entry.source, tally);
        inputs.set(entry.source, (inputs.get(entry.source) ?? 0) + 1);
        checkExpectations(outcome, tally);
      }
      process.stdout.write(`\n${report(tallies, inputs)}\n`);
      for (const [source, tally] of tallies) {
        process.stdout.write(`  ${source} skipped:\n${topSkips(tally)}\n`);
        if (process.env["CORPUS_VERBOSE"]) {
          process.stdout.write(`${tally.failures.map((f) => `    ✗ ${f}`).join("\n")}\n`);
        }
      }
      assert.deepEqual(crashes, [], "inputs must only ever fail with FeedParseError");
      for (const [source, tally] of tallies) {
        assert.ok(
          tally.rate >= (FLOORS[source] ?? 1),
          `${source}: ${tally.passed}/${tally.mapped} below floor ${FLOORS[source]}`,
        );
      }
    });
  },
);
