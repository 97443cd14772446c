import type { Db } from "mongodb";

import type { Topic } from "../model/catalog.js";
import type { CollectionIndexes } from "./collection-indexes.js";
import { type AliasDoc, aliasFromDoc, aliasToDoc } from "./hypervisors.js";

export const TOPICS = "topics";

/** Storage shape of a catalog topic; the slug is the natural key. */
export interface TopicDoc {
  _id: string;
  slug: string;
  name: string;
  description: string;
  aliases: AliasDoc[];
}

export const topicIndexes: CollectionIndexes = {
  collection: TOPICS,
  indexes: [{ name: "slug_unique", key: { slug: 1 }, unique: true }],
};

export const topicsCollection = (db: Db) => db.collection<TopicDoc>(TOPICS);

export const topicToDoc = (topic: Topic): TopicDoc => ({
  _id: topic.slug,
  slug: topic.slug,
  name: topic.name,
  description: topic.description,
  aliases: topic.aliases.map(aliasToDoc),
});

export const topicFromDoc = (doc: TopicDoc): Topic => ({
  slug: doc.slug,
  name: doc.name,
  description: doc.description,
  aliases: doc.aliases.map(aliasFromDoc),
});
