/**
 * Parse throughput: our pipeline (parseFeed + normalizeFeed, from bytes) against a raw
 * fast-xml-parser parse (`new XMLParser().parse(text)`) of the same document, in the same
 * process, in interleaved rounds; reports the median of the paired per-round ratios
 * (ours items/s ÷ fast-xml-parser items/s), then where our time goes, stage by stage, and inside
 * normalisation the steps that read whole item bodies (sanitising, summary, content hash).
 *
 *   npx tsx bench/parse.bench.ts [rounds]
 */
import { XMLParser } from "fast-xml-parser";

import { sha256Hex } from "../src/feeds/normalize/identity.js";
import { normalizeFeed, summarize } from "../src/feeds/normalize/normalize-feed.js";
import { sanitizeContent } from "../src/feeds/normalize/sanitize.js";
import { decodeFeedBody } from "../src/feeds/parse/decode.js";
import { detectFormat } from "../src/feeds/parse/detect-format.js";
import { parseFeed } from "../src/feeds/parse/parse-feed.js";
import { type ParsedFeed } from "../src/feeds/parse/parsed-feed.js";
import { adaptRss } from "../src/feeds/parse/rss-adapter.js";
import { prepareXml } from "../src/feeds/parse/xml-prep.js";
import { parseXmlDocument } from "../src/feeds/parse/xml-tree.js";

const ROUNDS = Number(process.argv[2] ?? 30);
const ITEMS = 500;
const URL = "https://bench.example/feed.xml";
const NOW = new Date("2024-06-01T00:00:00Z");

const SENTENCE = 'KVM, Xen &amp; Hyper-V news: <b>live migration</b> and <a href="/docs">nested paging</a>. ';

function generateFeed(full: boolean): Buffer {
  const items: string[] = [];
  for (let index = 0; index < ITEMS; index += 1) {
    const description = full ? `&lt;p&gt;${SENTENCE.replace(/</g, "&lt;").repeat(12)}&lt;/p&gt;` : `Item ${index}`;
    const content = full ? `<content:encoded><![CDATA[<p>${SENTENCE.repeat(36)}</p>]]></content:encoded>` : "";
    items.push(
      `<item><title>Hypervisor update ${index}</title><link>https://bench.example/posts/${index}?utm_source=rss</link>` +
        `<guid isPermaLink="false">post-${index}</guid><pubDate>Mon, 06 May 2024 10:${String(index % 60).padStart(2, "0")}:00 +0000</pubDate>` +
        `<category>virtualization</category><description>${description}</description>${content}</item>`,
    );
  }
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">` +
      `<channel><title>Bench</title><link>https://bench.example/</link>${items.join("")}</channel></rss>`,
  );
}

function time(action: () => unknown): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The measured pipeline: bytes to NormalizedEntry[]. */
function parseAndNormalize(body: Buffer): void {
  normalizeFeed(parseOnly(body), { feedUrl: URL, now: NOW });
}

/** For the breakdown only: bytes to ParsedFeed, without normalisation (no HTML sanitising). */
function parseOnly(body: Buffer): ReturnType<typeof parseFeed> {
  return parseFeed({ body, url: URL, contentType: "application/rss+xml" });
}

/** Interleaved rounds (alternating which side runs first); medians and the paired median ratio. */
function compare(name: string, body: Buffer, ourSide: (body: Buffer) => void): void {
  const text = body.toString("utf8");
  const fxp = () => new XMLParser().parse(text) as unknown;
  for (let warmup = 0; warmup < 5; warmup += 1) {
    ourSide(body);
    fxp();
  }
  const ratios: number[] = [];
  const oursMs: number[] = [];
  const fxpMs: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    let oursTime: number;
    let fxpTime: number;
    if (round % 2 === 0) {
      oursTime = time(() => ourSide(body));
      fxpTime = time(fxp);
    } else {
      fxpTime = time(fxp);
      oursTime = time(() => ourSide(body));
    }
    oursMs.push(oursTime);
    fxpMs.push(fxpTime);
    ratios.push(fxpTime / oursTime);
  }
  const perSecond = (ms: number) => Math.round((ITEMS / ms) * 1000);
  console.log(
    `${name} (${(body.length / 1024).toFixed(0)} KiB, ${ITEMS} items): ours ${median(oursMs).toFixed(1)} ms ` +
      `(${perSecond(median(oursMs))} items/s), fast-xml-parser ${median(fxpMs).toFixed(1)} ms ` +
      `(${perSecond(median(fxpMs))} items/s); paired median ratio ${(median(ratios) * 100).toFixed(0)} %`,
  );
}

/** Where our time goes: each stage timed on its own (medians over the rounds). */
function breakdown(name: string, body: Buffer): void {
  const stages: Record<string, number[]> = {
    decode: [],
    "detect+prep": [],
    "xml2js (sax)": [],
    adapt: [],
    normalize: [],
  };
  let feed: ParsedFeed | null = null;
  for (let round = 0; round < ROUNDS; round += 1) {
    let text = "";
    let prepared = "";
    let document: ReturnType<typeof parseXmlDocument> | null = null;
    stages["decode"]?.push(time(() => (text = decodeFeedBody(body, null, URL).text)));
    stages["detect+prep"]?.push(time(() => (prepared = prepareXml(text, detectFormat(text, URL).start))));
    stages["xml2js (sax)"]?.push(time(() => (document = parseXmlDocument(prepared, URL, "rss"))));
    stages["adapt"]?.push(time(() => document && (feed = adaptRss(document, "rss2.0", URL))));
    stages["normalize"]?.push(time(() => feed && normalizeFeed(feed, { feedUrl: URL, now: NOW })));
  }
  const parts = Object.entries(stages).map(([stage, values]) => `${stage} ${median(values).toFixed(1)}`);
  console.log(`  ${name} stages (ms): ${parts.join(", ")}`);
  if (feed) normalizeBreakdown(name, feed);
}

/**
 * Inside normalisation, the three steps that read whole item bodies, each over all items as
 * normalizeFeed runs them: sanitising, the plain-text summary, the content hash.
 */
function normalizeBreakdown(name: string, feed: ParsedFeed): void {
  const base = "https://bench.example/";
  const html = feed.items.map((item) => ({ content: item.content ?? item.summary ?? "", summary: item.summary ?? "" }));
  const steps: Record<string, (item: { content: string; summary: string }) => unknown> = {
    sanitize: (item) => sanitizeContent(item.content, base),
    summary: (item) => summarize(item.summary),
    "content hash": (item) => sha256Hex(JSON.stringify(["title", base, item.content, item.summary, null, null])),
  };
  const parts = Object.entries(steps).map(([step, run]) => {
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) times.push(time(() => html.forEach(run)));
    return `${step} ${median(times).toFixed(1)}`;
  });
  console.log(`  ${name} normalize steps (ms): ${parts.join(", ")}`);
}

for (const [name, full] of [
  ["full", true],
  ["lean", false],
] as const) {
  const body = generateFeed(full);
  compare(`${name}: parseFeed + normalizeFeed`, body, parseAndNormalize);
  compare(`${name}: parseFeed alone (no sanitising)`, body, parseOnly);
  breakdown(name, body);
}
