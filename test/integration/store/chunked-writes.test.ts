import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { ObjectId } from "mongodb";

import type { ArticleLink } from "../../../src/model/links.js";
import { saveArticleLinks } from "../../../src/store/article-links.js";
import { MAX_WRITES_PER_COMMAND } from "../../../src/store/chunked-writes.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";

describe("writes of more than 100 statements (FerretDB hangs on one such command)", () => {
  let t: TestDatabase;
  before(async () => {
    t = await openTestDatabase("chunked_writes", { monitorCommands: true });
  });
  after(() => t.drop());

  it("saveArticleLinks stores 120 updates, split into commands of at most 50", async () => {
    const ids = Array.from({ length: 120 }, () => new ObjectId());
    await t.db.collection("articles").insertMany(ids.map((_id) => ({ _id, title: "t", links: [] })));
    const link: ArticleLink = {
      kind: "HYPERVISOR",
      slug: "xen",
      confidence: 0.9,
      origin: "AUTO",
      evidence: [{ alias: "Xen", field: "title", offset: 0 }],
      relation: null,
      rejected: false,
    };
    const commands: number[] = [];
    const listener = (event: { commandName: string; command: { updates?: unknown[] } }) => {
      if (event.commandName === "update") commands.push(event.command.updates?.length ?? 0);
    };
    t.client.on("commandStarted", listener);
    const result = await saveArticleLinks(
      t.db,
      ids.map((id) => ({
        id,
        previousLinks: [],
        links: [link],
        hypervisors: ["xen"],
        vendors: [],
        topics: [],
        events: [],
        linkedCatalogVersion: "v-test",
      })),
    );
    t.client.off("commandStarted", listener);
    assert.deepEqual(result, { saved: 120, conflicts: 0 });
    assert.equal(await t.db.collection("articles").countDocuments({ hypervisors: "xen" }), 120);
    assert.deepEqual(commands, [50, 50, 20]);
    assert.ok(commands.every((count) => count <= MAX_WRITES_PER_COMMAND));
  });
});
