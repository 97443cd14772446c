import { type Db, MongoServerError, ObjectId } from "mongodb";

import type { Alias, Hypervisor, TimelineEvent, Topic, Vendor } from "../model/catalog.js";
import { eventFromDoc, eventsCollection, eventToDoc } from "./events.js";
import { aliasFromDoc, aliasToDoc, hypervisorFromDoc, hypervisorsCollection } from "./hypervisors.js";
import { topicFromDoc, topicsCollection } from "./topics.js";
import { vendorFromDoc, vendorsCollection } from "./vendors.js";

/**
 * Reads and edits of the catalog collections for the API. They are small (tens to hundreds of
 * entries), so lists are read whole; lookups by slug are one `$in` each, which is what the
 * per-request DataLoaders batch into.
 */

const DUPLICATE_KEY = 11000;

async function run<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new Error(`store: unable to ${what}: ${String(error)}`, { cause: error });
  }
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

export const listHypervisors = (db: Db): Promise<Hypervisor[]> =>
  run("list hypervisors", async () =>
    (await hypervisorsCollection(db).find({}).toArray()).map(hypervisorFromDoc).sort(byName),
  );

export const listVendors = (db: Db): Promise<Vendor[]> =>
  run("list vendors", async () => (await vendorsCollection(db).find({}).toArray()).map(vendorFromDoc).sort(byName));

export const listTopics = (db: Db): Promise<Topic[]> =>
  run("list topics", async () => (await topicsCollection(db).find({}).toArray()).map(topicFromDoc).sort(byName));

export const listEvents = (db: Db): Promise<TimelineEvent[]> =>
  run("list events", async () => (await eventsCollection(db).find({}).toArray()).map(eventFromDoc));

export const findHypervisorsBySlugs = (db: Db, slugs: readonly string[]): Promise<Hypervisor[]> =>
  run("read hypervisors", async () =>
    (
      await hypervisorsCollection(db)
        .find({ _id: { $in: [...slugs] } })
        .toArray()
    ).map(hypervisorFromDoc),
  );

export const findVendorsBySlugs = (db: Db, slugs: readonly string[]): Promise<Vendor[]> =>
  run("read vendors", async () =>
    (
      await vendorsCollection(db)
        .find({ _id: { $in: [...slugs] } })
        .toArray()
    ).map(vendorFromDoc),
  );

export const findTopicsBySlugs = (db: Db, slugs: readonly string[]): Promise<Topic[]> =>
  run("read topics", async () =>
    (
      await topicsCollection(db)
        .find({ _id: { $in: [...slugs] } })
        .toArray()
    ).map(topicFromDoc),
  );

export const findEventsBySlugs = (db: Db, slugs: readonly string[]): Promise<TimelineEvent[]> =>
  run("read events", async () =>
    (
      await eventsCollection(db)
        .find({ _id: { $in: [...slugs] } })
        .toArray()
    ).map(eventFromDoc),
  );

/** Inserts a new event, marked as made through the API; false when its slug is taken. */
export async function insertEvent(db: Db, event: TimelineEvent): Promise<boolean> {
  try {
    await eventsCollection(db).insertOne({ ...eventToDoc(event), origin: "api" });
    return true;
  } catch (error) {
    if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
    throw new Error(`store: unable to insert event ${event.slug}: ${String(error)}`, { cause: error });
  }
}

/**
 * Replaces an event's content (same slug); false when there is none. Its `origin` is kept: an
 * event created through the API stays an overlay, one from the files stays the files'.
 */
export const replaceEvent = (db: Db, event: TimelineEvent): Promise<boolean> =>
  run(`replace event ${event.slug}`, async () => {
    const { _id, ...content } = eventToDoc(event);
    const result = await eventsCollection(db).updateOne({ _id }, { $set: content });
    return result.matchedCount === 1;
  });

/** Deletes an event; false when there is none. */
export const deleteEvent = (db: Db, slug: string): Promise<boolean> =>
  run(`delete event ${slug}`, async () => (await eventsCollection(db).deleteOne({ _id: slug })).deletedCount === 1);

export type AliasOwnerKind = "HYPERVISOR" | "VENDOR" | "TOPIC";

/** The stored aliases of a catalog entry, or null when it does not exist. */
export async function findAliases(db: Db, kind: AliasOwnerKind, slug: string): Promise<Alias[] | null> {
  const entry = await run(`read ${slug}`, () => collectionOf(db, kind).findOne({ _id: slug }));
  return entry ? entry.aliases.map(aliasFromDoc) : null;
}

/**
 * Appends an alias to an entry, marked as added through the API (loading the catalog files keeps
 * it); false when the entry does not exist.
 */
export const pushAlias = (db: Db, kind: AliasOwnerKind, slug: string, alias: Alias): Promise<boolean> =>
  run(`add an alias to ${slug}`, async () => {
    const result = await collectionOf(db, kind).updateOne(
      { _id: slug },
      { $push: { aliases: { ...aliasToDoc(alias), origin: "api" } } },
    );
    return result.matchedCount === 1;
  });

/** The three catalog collections that have aliases share the alias shape; only that is used here. */
function collectionOf(db: Db, kind: AliasOwnerKind) {
  const collection =
    kind === "HYPERVISOR"
      ? hypervisorsCollection(db)
      : kind === "VENDOR"
        ? vendorsCollection(db)
        : topicsCollection(db);
  return collection as unknown as ReturnType<typeof topicsCollection>;
}

export const CATALOG_STATE = "catalog_state";

/**
 * One document that says when the stored catalog last changed: a new `changeToken` is written
 * after every catalog write (a load of the files that changed something, every API edit). A
 * linker built from the database compares it (one read by `_id`) to know it must be rebuilt.
 */
interface CatalogStateDoc {
  _id: "catalog";
  changeToken: string;
  changedAt: Date;
}

const catalogStateCollection = (db: Db) => db.collection<CatalogStateDoc>(CATALOG_STATE);

/** The token of the last stored-catalog change; null when none was recorded yet. */
export const readCatalogChangeToken = (db: Db): Promise<string | null> =>
  run("read the catalog state", async () => {
    const state = await catalogStateCollection(db).findOne({ _id: "catalog" });
    return state?.changeToken ?? null;
  });

/** Records that the stored catalog changed; call it after the write. Returns the new token. */
export const markCatalogChanged = (db: Db, now: Date = new Date()): Promise<string> =>
  run("record a catalog change", async () => {
    const changeToken = new ObjectId().toHexString();
    const write = () =>
      catalogStateCollection(db).updateOne(
        { _id: "catalog" },
        { $set: { changeToken, changedAt: now } },
        { upsert: true },
      );
    try {
      await write();
    } catch (error) {
      // Two first-ever changes at once: the other upsert inserted the document; now it matches.
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      await write();
    }
    return changeToken;
  });
