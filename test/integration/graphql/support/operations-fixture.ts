/**
 * The data the examples in schema/operations/ name by default: the committed catalog, one feed
 * and one article with fixed ids (so `article(id: ...)` runs as written on a fresh database).
 */
import type { Db } from "mongodb";
import { ObjectId } from "mongodb";

import { loadCatalog } from "../../../../src/catalog/load-catalog.js";
import { readCatalog } from "../../../../src/catalog/read-catalog.js";
import { feedsCollection, newFeedDoc } from "../../../../src/store/feeds.js";
import { seedArticlesWithIds } from "./api-app.js";

export const EXAMPLE_FEED_ID = "650000000000000000000002";
export const EXAMPLE_ARTICLE_ID = "650000000000000000000001";

export async function seedOperationExamples(db: Db): Promise<void> {
  await loadCatalog(db, await readCatalog());
  const now = new Date("2026-01-01T00:00:00Z");
  // registerFeeds picks its own ids; the examples need a known one, so this one feed is inserted as is.
  await feedsCollection(db).insertOne({
    _id: ObjectId.createFromHexString(EXAMPLE_FEED_ID),
    ...newFeedDoc(
      {
        url: "https://feeds.example.invalid/virtualization.xml",
        title: "Example virtualization feed",
        siteUrl: null,
        tags: ["examples"],
      },
      now,
    ),
  });
  await seedArticlesWithIds(db, [
    {
      id: EXAMPLE_ARTICLE_ID,
      title: "Citrix completes its acquisition of XenSource",
      publishedAt: "2007-10-22T12:00:00Z",
      feedId: ObjectId.createFromHexString(EXAMPLE_FEED_ID),
      links: [
        "HYPERVISOR:xen",
        "VENDOR:citrix",
        "VENDOR:xensource",
        "TOPIC:paravirtualization",
        "EVENT:citrix-acquires-xensource",
      ],
    },
  ]);
}
