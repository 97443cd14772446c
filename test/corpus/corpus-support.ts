/**
 * Shared parts of the corpus test: where the public fixture corpora live, the manifest's shape,
 * and one pipeline run (parseFeed + normalizeFeed) per input, recording the outcome.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

import { normalizeFeed } from "../../src/feeds/normalize/normalize-feed.js";
import { parseFeed } from "../../src/feeds/parse/parse-feed.js";
import { FeedParseError, type ParsedFeed } from "../../src/feeds/parse/parsed-feed.js";
import { type NormalizedEntry } from "../../src/model/entry.js";

export interface ManifestEntry {
  path: string;
  source: string;
  format: string;
  wellFormed: boolean;
  expected: string | string[] | null;
  expectedSchema?: string;
  expectedFields?: Record<string, string>;
  parserOptions?: unknown;
  httpTest?: boolean;
  httpHeaders?: Record<string, string>;
  bozoExpected?: boolean | null;
}

export interface Outcome {
  entry: ManifestEntry;
  url: string;
  feed: ParsedFeed | null;
  entries: NormalizedEntry[] | null;
  error: FeedParseError | null;
  /** Anything thrown that is not a FeedParseError: the corpus test fails on it. */
  crash: unknown;
}

/** The corpus folder: $FEED_CORPUS_DIR, else `shared/fixtures/feeds/` beside the repository. */
export function locateCorpus(): string {
  const fromEnv = process.env["FEED_CORPUS_DIR"];
  const dir = fromEnv ? fromEnv : fileURLToPath(new URL("../../../shared/fixtures/feeds/", import.meta.url));
  return dir.endsWith("/") ? dir : `${dir}/`;
}

export function corpusExists(dir: string): boolean {
  return existsSync(`${dir}manifest.json`);
}

export function readManifest(dir: string): ManifestEntry[] {
  return JSON.parse(readFileSync(`${dir}manifest.json`, "utf8")) as ManifestEntry[];
}

/** Normalisation's clock: far enough ahead that no corpus date is clamped. */
const NOW = new Date("2100-01-01T00:00:00Z");

/** feedparser's HTTP tests are served at this address upstream; relative links resolve against it. */
function urlFor(entry: ManifestEntry): string {
  if (entry.source === "kurtmckee-feedparser") {
    return `http://127.0.0.1:8097/${entry.path.slice("kurtmckee-feedparser/".length)}`;
  }
  return `http://corpus.test/${entry.path}`;
}

/** The Content-Type the upstream test served (feedparser Header: lines, miniflux prose, rss-parser latin1). */
function contentTypeFor(entry: ManifestEntry): string | null {
  const header = Object.entries(entry.httpHeaders ?? {}).find(([name]) => name.toLowerCase() === "content-type");
  if (header && entry.httpTest) return header[1];
  if (entry.path.endsWith("rbren-rss-parser/test/input/encoding.rss")) return "application/rss+xml; charset=latin1";
  for (const line of Array.isArray(entry.expected) ? entry.expected : []) {
    const served = /^served as Content-Type: ([^(]+?)\s*(?:\(|AND|$)/.exec(line);
    if (served?.[1]) return served[1];
    const label = /charset label '([^']+)'/.exec(line);
    if (label?.[1]) return `text/xml; charset=${label[1]}`;
  }
  return null;
}

export function readBody(dir: string, entry: ManifestEntry): Buffer {
  const raw = readFileSync(dir + entry.path);
  return raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw; // gzip is the fetcher's job
}

export function runPipeline(dir: string, entry: ManifestEntry): Outcome {
  const url = urlFor(entry);
  const outcome: Outcome = { entry, url, feed: null, entries: null, error: null, crash: null };
  try {
    outcome.feed = parseFeed({ body: readBody(dir, entry), url, contentType: contentTypeFor(entry) });
    outcome.entries = normalizeFeed(outcome.feed, { feedUrl: url, now: NOW });
  } catch (error) {
    if (error instanceof FeedParseError) outcome.error = error;
    else outcome.crash = error;
  }
  return outcome;
}

/** Tally of mapped expectations for one source. */
export class Tally {
  mapped = 0;
  passed = 0;
  skipped = new Map<string, number>();
  failures: string[] = [];

  check(passed: boolean, describe: () => string): void {
    this.mapped += 1;
    if (passed) this.passed += 1;
    else this.failures.push(describe());
  }

  skip(reason: string): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }

  get skippedCount(): number {
    return [...this.skipped.values()].reduce((sum, count) => sum + count, 0);
  }

  get rate(): number {
    return this.mapped === 0 ? 1 : this.passed / this.mapped;
  }
}
