import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

import type { Db } from "mongodb";
import { z } from "zod";

import { addFeeds, type AddFeedsReport, type NormalizeUrl } from "./add-feeds.js";

/** The committed default list. */
export const DEFAULT_FEEDS_FILE = fileURLToPath(new URL("../../schema/feeds/default-feeds.json", import.meta.url));

const defaultFeedsSchema = z.object({
  feeds: z.array(
    z.object({
      title: z.string().min(1),
      siteUrl: z.string().nullable(),
      feedUrl: z.string().min(1),
      tags: z.array(z.string()),
    }),
  ),
});

/**
 * Registers the default feeds that are missing, at start-up. Idempotent: a feed already there
 * (same normalised URL) keeps its title, tags, validators and health. The hosts may well be
 * unreachable; that is found later, by ingestion, and recorded on each feed.
 */
export async function loadDefaultFeeds(
  db: Db,
  options: { normalizeUrl: NormalizeUrl; now: Date; file?: string },
): Promise<AddFeedsReport> {
  const file = options.file ?? DEFAULT_FEEDS_FILE;
  let list: z.infer<typeof defaultFeedsSchema>;
  try {
    list = defaultFeedsSchema.parse(JSON.parse(await readFile(file, "utf8")));
  } catch (error) {
    throw new Error(`ingest: unable to read the default feed list ${file}: ${String(error)}`, { cause: error });
  }
  const candidates = list.feeds.map((feed) => ({
    url: feed.feedUrl,
    title: feed.title,
    siteUrl: feed.siteUrl,
    tags: feed.tags,
  }));
  return addFeeds(db, candidates, { normalizeUrl: options.normalizeUrl, now: options.now });
}
