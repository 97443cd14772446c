/**
 * Shared set-up of the ingest integration tests: real fetcher, parser, normaliser (and a linker
 * that links nothing where linking is not the subject), a fast schedule policy, RSS builders and
 * a write-command recorder on the driver's command monitoring.
 */
import type { CommandStartedEvent, Db, MongoClient } from "mongodb";

import { createFetcher } from "../../../src/feeds/fetch/fetcher.js";
import { normalizeFeedUrl } from "../../../src/feeds/normalize/url.js";
import { createInlineParser } from "../../../src/feeds/parse/parser-pool.js";
import { addFeeds } from "../../../src/ingest/add-feeds.js";
import type { IngestDeps } from "../../../src/ingest/ingest-deps.js";
import { createSchedulePolicy } from "../../../src/ingest/schedule.js";
import type { Linker } from "../../../src/model/links.js";
import { feedsCollection } from "../../../src/store/feeds.js";

export const MINUTE = 60_000;

/** Floor 1 min, ceiling 1 h, backoff 1 min doubling to 10 min. */
export const testPolicy = () =>
  createSchedulePolicy({ floorMs: MINUTE, ceilingMs: 60 * MINUTE, backoffBaseMs: MINUTE, backoffCapMs: 10 * MINUTE });

/** A linker for tests that are not about linking. */
export const linkNothing: Linker = { catalogVersion: "test-empty", link: () => [] };

/** Parses and normalises on the test's thread (the pool's contract, without workers). */
export const inlineParser = createInlineParser();

/** Deps wired to the real components, fetching only from `allowEntries` on loopback. */
export function createTestDeps(db: Db, allowEntries: string[], overrides: Partial<IngestDeps> = {}): IngestDeps {
  return {
    db,
    fetcher: createFetcher({ allowList: allowEntries, timeoutMs: 1_500, connectTimeoutMs: 1_000 }),
    parser: inlineParser,
    linker: linkNothing,
    policy: testPolicy(),
    leaseMs: 5 * MINUTE,
    random: () => 0.5,
    ...overrides,
  };
}

/**
 * Registers `urls` as feeds due one minute apart before `dueBefore`, in order: the first is the
 * most overdue, so it is the first any ingest process takes.
 */
export async function registerDueFeeds(db: Db, urls: readonly string[], dueBefore: Date, now: Date): Promise<void> {
  await addFeeds(
    db,
    urls.map((url) => ({ url, title: url, siteUrl: null, tags: [] })),
    { normalizeUrl: normalizeFeedUrl, now },
  );
  for (const [i, url] of urls.entries()) {
    await feedsCollection(db).updateOne(
      { url },
      { $set: { nextFetchAt: new Date(dueBefore.getTime() - (urls.length - i) * MINUTE) } },
    );
  }
}

export interface TestItem {
  guid?: string;
  title: string;
  link?: string;
  date?: Date;
  description?: string;
}

/** An RSS 2.0 document. Text is escaped; `extra` is inserted raw into the channel. */
export function rss(
  items: readonly TestItem[],
  options: { title?: string; ttl?: number; extra?: string } = {},
): string {
  const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const lines = items.map((item) =>
    [
      "<item>",
      `<title>${esc(item.title)}</title>`,
      item.guid ? `<guid isPermaLink="false">${esc(item.guid)}</guid>` : "",
      item.link ? `<link>${esc(item.link)}</link>` : "",
      item.date ? `<pubDate>${item.date.toUTCString()}</pubDate>` : "",
      item.description ? `<description>${esc(item.description)}</description>` : "",
      "</item>",
    ].join(""),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0"><channel>',
    `<title>${esc(options.title ?? "Test feed")}</title><link>https://example.com/</link><description>d</description>`,
    options.ttl ? `<ttl>${options.ttl}</ttl>` : "",
    options.extra ?? "",
    ...lines,
    "</channel></rss>",
  ].join("\n");
}

/** `count` items dated an hour apart, newest first, with links under `https://news.example/<prefix>/`. */
export function items(prefix: string, count: number, now: Date): TestItem[] {
  return Array.from({ length: count }, (_, index) => ({
    guid: `${prefix}-${index}`,
    title: `${prefix} story ${index}`,
    link: `https://news.example/${prefix}/${index}`,
    date: new Date(now.getTime() - (index + 1) * 60 * MINUTE),
    description: `About ${prefix} ${index}`,
  }));
}

const WRITE_COMMANDS = new Set(["insert", "update", "delete", "findAndModify"]);

/** Records the write commands a client sends (needs a client opened with monitorCommands). */
export function recordWrites(client: MongoClient) {
  const seen: { command: string; collection: string }[] = [];
  const listener = (event: CommandStartedEvent) => {
    if (!WRITE_COMMANDS.has(event.commandName)) return;
    seen.push({ command: event.commandName, collection: String(event.command[event.commandName]) });
  };
  client.on("commandStarted", listener);
  return {
    /** Write commands sent since the last reset, optionally only those on one collection. */
    writes: (collection?: string) =>
      seen.filter((write) => collection === undefined || write.collection === collection),
    reset: () => void seen.splice(0),
    stop: () => void client.off("commandStarted", listener),
  };
}
