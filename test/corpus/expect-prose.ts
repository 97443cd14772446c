/**
 * Expectations written as prose or table rows: miniflux (paraphrased Go assertions), gofeed's
 * universal-parser table, feedjira's first-entry fragments. Each understood line is one mapped
 * expectation; the rest are skipped with the reason.
 */
import { readFileSync } from "node:fs";

import { htmlToText } from "../../src/feeds/parse/html-text.js";
import { type Outcome, type Tally } from "./corpus-support.js";
import { parseLiteral } from "./expect-feedparser.js";

/** All the text we extracted, to check "contains 'X'" lines. */
function allText(outcome: Outcome): string {
  const feed = outcome.feed;
  if (!feed) return "";
  const parts = [
    feed.title,
    feed.description,
    ...feed.items.flatMap((item) => [item.title, item.summary, item.content]),
  ];
  return parts.filter((part): part is string => part !== null).join("\n");
}

function titleAt(outcome: Outcome, index: number): string | null {
  return outcome.feed?.items[index]?.title ?? null;
}

export function checkMiniflux(outcome: Outcome, tally: Tally): void {
  const path = outcome.entry.path;
  for (const line of Array.isArray(outcome.entry.expected) ? outcome.entry.expected : []) {
    const title = /^(?:entries|items)\[(\d+)\]\.title == (.+?)(?: in both cases)?$/.exec(line);
    const channel = /^channel\.(title|description) == (.+)$/.exec(line);
    const count = /^len\(items\) == (\d+)$/.exec(line);
    const contains = [...line.matchAll(/(?:containing|contains|yield|and) '([^']+)'/g)].map((match) => match[1] ?? "");
    if (title?.[1] && title[2]) {
      const expected = parseLiteral(title[2]);
      tally.check(
        titleAt(outcome, Number(title[1])) === expected,
        () => `${path}: ${line} got ${titleAt(outcome, Number(title[1]))}`,
      );
    } else if (channel?.[1] && channel[2]) {
      const ours = channel[1] === "title" ? outcome.feed?.title : htmlToText(outcome.feed?.description ?? "");
      tally.check(ours === parseLiteral(channel[2]), () => `${path}: ${line} got ${ours}`);
    } else if (count?.[1]) {
      tally.check(outcome.feed?.items.length === Number(count[1]), () => `${path}: ${line}`);
    } else if (/^not a feed/.test(line)) {
      tally.check(outcome.error !== null, () => `${path}: ${line} but it parsed`);
    } else if (/must parse without error/.test(line)) {
      tally.check(outcome.feed !== null, () => `${path}: ${line} got ${outcome.error?.message}`);
    } else if (/^(served as|\(expectation from|also:)/.test(line)) {
      tally.skip("miniflux: context line (the served Content-Type is used as input; provenance notes)");
    } else if (contains.length > 0) {
      const text = allText(outcome);
      tally.check(
        contains.every((needle) => text.includes(needle)),
        () => `${path}: ${line} (${outcome.error?.message})`,
      );
    } else {
      tally.skip(`miniflux: line not mapped (${line.slice(0, 40)}…)`);
    }
  }
}

/** gofeed parser/universal rows: feed.feedType, feed.title, DetectFeedType, "returns an error". */
export function checkGofeedTable(outcome: Outcome, tally: Tally): void {
  const path = outcome.entry.path;
  const family = outcome.feed?.format.replace(/[\d.x]+$/, "") ?? "unknown";
  for (const line of Array.isArray(outcome.entry.expected) ? outcome.entry.expected : []) {
    const type = /^(?:feed\.feedType == '|DetectFeedType == )(\w+)'?$/.exec(line);
    const title = /^feed\.title == '(.*)'$/.exec(line);
    if (type?.[1]) tally.check(family === type[1], () => `${path}: ${line} got ${family}`);
    else if (title?.[1] !== undefined) tally.check(outcome.feed?.title === title[1], () => `${path}: ${line}`);
    else if (/returns an error/.test(line)) tally.check(outcome.error !== null, () => `${path}: ${line}`);
    else tally.skip(`gofeed: table row not mapped`);
  }
}

/** feedjira: the first entry's content/summary equals a fragment file (whitespace-insensitive). */
export function checkFeedjira(dir: string, outcome: Outcome, tally: Tally): void {
  const fields = outcome.entry.expectedFields ?? {};
  if (Object.keys(fields).length === 0) return tally.skip("feedjira: assertions live in RSpec code only");
  for (const [field, file] of Object.entries(fields)) {
    if (!/^entries\[0\]\.(content|summary)$/.test(field)) {
      tally.skip("feedjira: fragment no longer asserted upstream");
      continue;
    }
    const expected = squash(readFileSync(dir + file, "utf8"));
    const item = outcome.feed?.items[0];
    const ours = field.endsWith("content") ? (item?.content ?? item?.summary) : item?.summary;
    tally.check(squash(ours ?? "") === expected, () => `${outcome.entry.path}: ${field} differs from ${file}`);
  }
}

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
