import type { AnyBulkWriteOperation, Db } from "mongodb";

import { articlesCollection } from "./articles.js";
import { bulkWriteInChunks } from "./chunked-writes.js";

/**
 * Article counts per day, per hypervisor and per vendor, kept beside the articles so a timeline
 * over any span costs one small read instead of a pass over every article. One document per
 * month (`_id: "YYYY-MM"`, ~120 for ten years) holds its days:
 *
 *   { _id: "2007-08", days: { "15": { n: 3, hv: { xen: 2 }, v: { citrix: 1 } } } }
 *
 * plus `{ _id: "meta", builtAt }` once a full rebuild has run: until then readers must not trust
 * the counts and count from the articles instead. Ingest and link edits keep them current with
 * `applyRollupChanges` (`$inc`, exact on MongoDB; see test/compat/FERRETDB.md for FerretDB).
 */
export const TIMELINE_ROLLUPS = "timeline_rollups";
const META_ID = "meta";

export interface RollupDayDoc {
  n: number;
  hv: Record<string, number>;
  v: Record<string, number>;
}

export interface TimelineRollupDoc {
  _id: string;
  days?: Record<string, RollupDayDoc>;
  builtAt?: Date;
}

const rollupsCollection = (db: Db) => db.collection<TimelineRollupDoc>(TIMELINE_ROLLUPS);

/** What one article adds to the counts. */
export interface RollupContribution {
  publishedAt: Date;
  hypervisors: readonly string[];
  vendors: readonly string[];
}

/** An article as it was and as it is now (null: absent, i.e. inserted or deleted). */
export interface RollupChange {
  before: RollupContribution | null;
  after: RollupContribution | null;
}

/** Slugs come from the catalog (lower-case words and '-'); anything else never becomes a key. */
const SAFE_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const monthOf = (date: Date) => date.toISOString().slice(0, 7);
const dayOf = (date: Date) => date.toISOString().slice(8, 10);

/** The `$inc` of each month document for a set of changes; zero sums are left out. Pure. */
export function rollupIncrements(changes: readonly RollupChange[]): Map<string, Record<string, number>> {
  const months = new Map<string, Record<string, number>>();
  const add = (contribution: RollupContribution, sign: 1 | -1) => {
    const month = monthOf(contribution.publishedAt);
    const inc = months.get(month) ?? {};
    months.set(month, inc);
    const day = `days.${dayOf(contribution.publishedAt)}`;
    const bump = (path: string) => (inc[path] = (inc[path] ?? 0) + sign);
    bump(`${day}.n`);
    for (const slug of new Set(contribution.hypervisors)) if (SAFE_KEY.test(slug)) bump(`${day}.hv.${slug}`);
    for (const slug of new Set(contribution.vendors)) if (SAFE_KEY.test(slug)) bump(`${day}.v.${slug}`);
  };
  for (const change of changes) {
    if (change.before) add(change.before, -1);
    if (change.after) add(change.after, 1);
  }
  for (const [month, inc] of months) {
    for (const [path, value] of Object.entries(inc)) if (value === 0) delete inc[path];
    if (Object.keys(inc).length === 0) months.delete(month);
  }
  return months;
}

/** Applies article changes to the counts: one bulkWrite of `$inc` upserts, one per month touched. */
export async function applyRollupChanges(db: Db, changes: readonly RollupChange[]): Promise<void> {
  const writes: AnyBulkWriteOperation<TimelineRollupDoc>[] = [...rollupIncrements(changes)].map(([month, inc]) => ({
    updateOne: { filter: { _id: month }, update: { $inc: inc }, upsert: true },
  }));
  if (writes.length === 0) return;
  try {
    await bulkWriteInChunks(rollupsCollection(db), writes);
  } catch (error) {
    throw new Error(`store: unable to update timeline counts: ${String(error)}`, { cause: error });
  }
}

/** One day's counts, as read. */
export interface DayCounts {
  /** UTC midnight of the day. */
  day: Date;
  n: number;
  hv: Record<string, number>;
  v: Record<string, number>;
}

/**
 * The day counts of the months `fromMonth`..`toMonth` ("YYYY-MM", inclusive), or null when the
 * counts were never built (then the caller counts from the articles). One command.
 */
export async function readDayCounts(db: Db, fromMonth: string, toMonth: string): Promise<DayCounts[] | null> {
  let docs: TimelineRollupDoc[];
  try {
    docs = await rollupsCollection(db)
      .find({ $or: [{ _id: META_ID }, { _id: { $gte: fromMonth, $lte: toMonth } }] }, { batchSize: 100_000 })
      .toArray();
  } catch (error) {
    throw new Error(`store: unable to read timeline counts: ${String(error)}`, { cause: error });
  }
  if (!docs.some((doc) => doc._id === META_ID)) return null;
  const days: DayCounts[] = [];
  for (const doc of docs) {
    if (doc._id === META_ID || !doc.days) continue;
    for (const [day, counts] of Object.entries(doc.days)) {
      if (counts.n <= 0) continue;
      days.push({
        day: new Date(`${doc._id}-${day}T00:00:00.000Z`),
        n: counts.n,
        hv: counts.hv ?? {},
        v: counts.v ?? {},
      });
    }
  }
  return days.sort((a, b) => a.day.getTime() - b.day.getTime());
}

/** The first and last month with counts ("YYYY-MM"), or null when there are none (or never built). */
export async function readRollupExtent(db: Db): Promise<{ first: string; last: string } | null> {
  try {
    const ids = (
      await rollupsCollection(db)
        .find({}, { projection: { _id: 1 }, batchSize: 100_000 })
        .toArray()
    )
      .map((doc) => doc._id)
      .filter((id) => id !== META_ID)
      .sort();
    return ids.length === 0 ? null : { first: ids[0] as string, last: ids[ids.length - 1] as string };
  } catch (error) {
    throw new Error(`store: unable to read timeline counts: ${String(error)}`, { cause: error });
  }
}

/**
 * Recomputes every count from the articles (one pass, streamed) and marks the counts built:
 * the backfill, and the repair after writes that bypassed applyRollupChanges. Articles written
 * while it runs may be counted from the old state; run it again when ingest is quiet.
 */
export async function rebuildTimelineRollups(db: Db, now: Date): Promise<{ articles: number; months: number }> {
  const months = new Map<string, Record<string, RollupDayDoc>>();
  let articles = 0;
  try {
    const cursor = articlesCollection(db).find(
      {},
      { projection: { _id: 0, publishedAt: 1, hypervisors: 1, vendors: 1 }, batchSize: 5_000 },
    );
    for await (const doc of cursor) {
      articles += 1;
      const month = months.get(monthOf(doc.publishedAt)) ?? {};
      months.set(monthOf(doc.publishedAt), month);
      const day = (month[dayOf(doc.publishedAt)] ??= { n: 0, hv: {}, v: {} });
      day.n += 1;
      for (const slug of new Set(doc.hypervisors ?? [])) {
        if (SAFE_KEY.test(slug)) day.hv[slug] = (day.hv[slug] ?? 0) + 1;
      }
      for (const slug of new Set(doc.vendors ?? [])) if (SAFE_KEY.test(slug)) day.v[slug] = (day.v[slug] ?? 0) + 1;
    }
    const collection = rollupsCollection(db);
    const writes: AnyBulkWriteOperation<TimelineRollupDoc>[] = [...months].map(([month, days]) => ({
      replaceOne: { filter: { _id: month }, replacement: { days }, upsert: true },
    }));
    await bulkWriteInChunks(collection, writes);
    await collection.deleteMany({ _id: { $nin: [...months.keys(), META_ID] } });
    await collection.replaceOne({ _id: META_ID }, { builtAt: now }, { upsert: true });
    return { articles, months: months.size };
  } catch (error) {
    throw new Error(`store: unable to rebuild timeline counts: ${String(error)}`, { cause: error });
  }
}
