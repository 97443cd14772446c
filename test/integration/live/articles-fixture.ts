/**
 * Articles stored the way ingest stores them (the same document shape), plus the announcement
 * ingest makes after its write, for tests that are about delivery rather than fetching.
 */
import { type Db, ObjectId } from "mongodb";

import type { EventBus } from "../../../src/events/event-bus.js";
import { publishArticleChanges } from "../../../src/events/publish-changes.js";
import type { ArticleLink } from "../../../src/model/links.js";
import { type ArticleDoc, articlesCollection } from "../../../src/store/articles.js";
import { readArticleEventFacts } from "../../../src/store/event-bus.js";

export interface ArticleSpec {
  title: string;
  hypervisors?: string[];
  vendors?: string[];
  confidence?: number;
  publishedAt?: Date;
  summary?: string;
  contentHtml?: string;
  url?: string | null;
}

const FEED_ID = new ObjectId("0000000000000000000000f1");

function link(kind: ArticleLink["kind"], slug: string, confidence: number): ArticleLink {
  return { kind, slug, confidence, origin: "AUTO", evidence: [], relation: null, rejected: false };
}

export async function storeArticles(db: Db, specs: readonly ArticleSpec[]): Promise<string[]> {
  const now = new Date();
  const docs: ArticleDoc[] = specs.map((spec) => {
    const _id = new ObjectId();
    const confidence = spec.confidence ?? 0.9;
    const links = [
      ...(spec.hypervisors ?? []).map((slug) => link("HYPERVISOR", slug, confidence)),
      ...(spec.vendors ?? []).map((slug) => link("VENDOR", slug, confidence)),
    ];
    const url = spec.url === undefined ? `https://news.example/${_id.toHexString()}` : spec.url;
    return {
      _id,
      dedupeKey: `item:${FEED_ID.toHexString()}:${_id.toHexString()}`,
      feedIds: [FEED_ID],
      sources: [{ feedId: FEED_ID, itemKey: _id.toHexString() }],
      sourceKeys: [`${FEED_ID.toHexString()}:${_id.toHexString()}`],
      firstSeenAt: now,
      title: spec.title,
      url,
      canonicalUrl: url,
      summary: spec.summary ?? `About ${spec.title}`,
      // Stored content is sanitised HTML (ingest's contract): the title goes in as text.
      contentHtml:
        spec.contentHtml ?? `<p>${spec.title.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</p>`,
      publishedAt: spec.publishedAt ?? now,
      updatedAt: null,
      dateClamped: false,
      changedAt: spec.publishedAt ?? now,
      authors: ["Test Author"],
      categories: [],
      enclosures: [],
      contentHash: _id.toHexString(),
      hypervisors: spec.hypervisors ?? [],
      vendors: spec.vendors ?? [],
      topics: [],
      events: [],
      links,
      linkedCatalogVersion: null,
    };
  });
  await articlesCollection(db).insertMany(docs);
  return docs.map((doc) => doc._id.toHexString());
}

/** What ingest's publish hook does after its bulkWrite: ArticleAdded for each id, in order. */
export function announceAdded(bus: EventBus, db: Db, ids: readonly string[]): Promise<void> {
  return publishArticleChanges(bus, (wanted) => readArticleEventFacts(db, wanted), {
    insertedIds: ids,
    updatedIds: [],
  });
}
