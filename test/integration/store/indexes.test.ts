import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { CollectionIndexes } from "../../../src/store/collection-indexes.js";
import { ALL_INDEXES, ensureIndexes, listIndexesOrEmpty } from "../../../src/store/indexes.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";

describe("ensureIndexes", () => {
  let t: TestDatabase;
  before(async () => {
    t = await openTestDatabase("indexes");
  });
  after(() => t.drop());

  it("creates every declared index, and running it again changes nothing", async () => {
    await ensureIndexes(t.db);
    await ensureIndexes(t.db);
    // Several modules may declare indexes on one collection (e.g. articles): compare per collection.
    const declaredByCollection = new Map<string, CollectionIndexes["indexes"]>();
    for (const { collection, indexes } of ALL_INDEXES) {
      declaredByCollection.set(collection, [...(declaredByCollection.get(collection) ?? []), ...indexes]);
    }
    for (const [collection, indexes] of declaredByCollection) {
      const existing = await listIndexesOrEmpty(t.db, collection);
      const names = existing.map((index) => index.name).sort();
      assert.deepEqual(names, ["_id_", ...indexes.map((index) => index.name)].sort(), collection);
      for (const declared of indexes.filter((index) => index.unique)) {
        const found = existing.find((index) => index.name === declared.name);
        assert.equal(found?.unique, true, `${collection}.${declared.name} is unique`);
      }
    }
  });

  it("enforces the unique feed URL", async () => {
    await ensureIndexes(t.db);
    const feeds = t.db.collection("feeds");
    await feeds.insertOne({ url: "https://example.org/feed" });
    await assert.rejects(feeds.insertOne({ url: "https://example.org/feed" }), { code: 11000 });
  });
});
