import type { Db, ObjectId } from "mongodb";

import type { Feed } from "../model/feed.js";
import type { CollectionIndexes } from "./collection-indexes.js";

export const FEEDS = "feeds";

/** Storage shape of a feed. `url` is the normalised feed URL. */
export interface FeedDoc {
  _id: ObjectId;
  url: string;
  title: string;
  siteUrl: string | null;
  tags: string[];
  createdAt: Date;
  nextFetchAt: Date;
}

export const feedIndexes: CollectionIndexes = {
  collection: FEEDS,
  indexes: [
    { name: "url_unique", key: { url: 1 }, unique: true },
    // The scheduler asks for feeds due now: `nextFetchAt <= now`.
    { name: "nextFetchAt", key: { nextFetchAt: 1 } },
    { name: "tags", key: { tags: 1 } },
  ],
};

export const feedsCollection = (db: Db) => db.collection<FeedDoc>(FEEDS);

export function feedFromDoc(doc: FeedDoc): Feed {
  return {
    id: doc._id.toHexString(),
    url: doc.url,
    title: doc.title,
    siteUrl: doc.siteUrl,
    tags: doc.tags,
    createdAt: doc.createdAt,
    nextFetchAt: doc.nextFetchAt,
  };
}
