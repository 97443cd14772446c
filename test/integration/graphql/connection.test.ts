import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import fc from "fast-check";
import { type Collection, ObjectId } from "mongodb";
import request from "supertest";

import { type Connection, findPage, objectIdCodec } from "../../../src/timeline/pagination.js";
import { type CommandCounter, openCommandCounter } from "../../helpers/command-counter.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";
import { type GraphQLBody, type ItemDoc, startTestServer, type TestServer } from "./test-server.js";

const BASE = Date.parse("2026-03-01T00:00:00.000Z");
const MINUTE = 60_000;

/** The order the API promises: publishedAt descending, then _id descending. */
function newestFirst(a: ItemDoc, b: ItemDoc): number {
  return b.publishedAt.getTime() - a.publishedAt.getTime() || b._id.toHexString().localeCompare(a._id.toHexString());
}

const idsOf = (docs: readonly ItemDoc[]) => docs.map((doc) => doc._id.toHexString());

describe("cursor pagination against the real database", () => {
  let testDb: TestDatabase;
  let counter: CommandCounter;
  let run = 0;
  before(async () => {
    testDb = await openTestDatabase("connection");
    counter = await openCommandCounter(testDb.name);
  });
  after(async () => {
    await counter.close();
    await testDb.drop();
  });

  const page = (collection: Collection<ItemDoc>, args: Parameters<typeof findPage>[2]) =>
    findPage(collection, {}, args, { codec: objectIdCodec, toNode: (doc: ItemDoc) => doc });

  it("pages never skip or repeat a document while newer ones are inserted between fetches", async () => {
    await fc.assert(
      fc.asyncProperty(
        // Few distinct timestamps, so most documents tie on publishedAt and _id decides.
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 20 }),
        async (minutes, size, insertsPerPage) => {
          const collection = counter.db.collection<ItemDoc>(`items_${run++}`);
          const existing = minutes.map((m, i) => ({
            _id: new ObjectId(),
            publishedAt: new Date(BASE + m * MINUTE),
            title: `old ${i}`,
          }));
          if (existing.length > 0) await collection.insertMany(existing);
          const expected = idsOf([...existing].sort(newestFirst));

          const seen: string[] = [];
          let after: string | null = null;
          let fetches = 0;
          let inserted = 0;
          for (;;) {
            const mark = counter.mark();
            const result: Connection<ItemDoc> = await page(collection, { first: size, after });
            // One round trip per page, whatever the size: no getMore, no count.
            assert.deepEqual(counter.countSince(mark), { find: 1 });
            seen.push(...idsOf(result.edges.map((edge) => edge.node)));
            assert.ok(result.edges.length <= size);
            if (!result.pageInfo.hasNextPage) break;
            assert.ok(++fetches <= existing.length, "paging did not terminate");
            after = result.pageInfo.endCursor;
            // Newer than everything seen so far, as fresh articles are.
            const fresh = Array.from({ length: insertsPerPage[fetches % insertsPerPage.length] ?? 0 }, () => ({
              _id: new ObjectId(),
              publishedAt: new Date(BASE + (10 + inserted++) * MINUTE),
              title: "fresh",
            }));
            if (fresh.length > 0) await collection.insertMany(fresh);
          }
          assert.deepEqual(seen, expected);

          // Backwards from the oldest end, everything now stored comes back once, in order.
          const everything = idsOf((await collection.find().toArray()).sort(newestFirst));
          const back: string[] = [];
          let before: string | null = null;
          for (let step = 0; step <= everything.length; step++) {
            const result: Connection<ItemDoc> = await page(collection, { last: size, before });
            back.unshift(...idsOf(result.edges.map((edge) => edge.node)));
            if (!result.pageInfo.hasPreviousPage) break;
            before = result.pageInfo.startCursor;
          }
          assert.deepEqual(back, everything);
          await collection.drop();
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("a connection over GraphQL", () => {
  let testDb: TestDatabase;
  let counter: CommandCounter;
  let server: TestServer;
  before(async () => {
    testDb = await openTestDatabase("connection_gql");
    counter = await openCommandCounter(testDb.name);
    const items = counter.db.collection<ItemDoc>("items");
    await items.insertMany(
      Array.from({ length: 150 }, (_, i) => ({
        _id: new ObjectId(),
        publishedAt: new Date(BASE + Math.floor(i / 10) * MINUTE),
        title: `item ${i}`,
      })),
    );
    server = await startTestServer({ items });
  });
  after(async () => {
    await server.close();
    await counter.close();
    await testDb.drop();
  });

  const query = (args: string) =>
    request(server.url)
      .post("/graphql")
      .send({
        query: `{ items${args} { edges { cursor node { title publishedAt } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      })
      .expect(200);

  type Page = { edges: { cursor: string; node: { title: string } }[]; pageInfo: Record<string, unknown> };
  const itemsOf = (body: unknown) => (body as { data: { items: Page } }).data.items;

  it("defaults to 20 items newest first, and `after` resumes exactly after endCursor", async () => {
    const first = itemsOf((await query("")).body);
    assert.equal(first.edges.length, 20);
    assert.equal(first.edges[0]?.node.title, "item 149");
    assert.equal(first.pageInfo["hasNextPage"], true);
    assert.equal(first.pageInfo["endCursor"], first.edges.at(-1)?.cursor);
    const second = itemsOf((await query(`(first: 5, after: "${String(first.pageInfo["endCursor"])}")`)).body);
    assert.deepEqual(
      second.edges.map((edge) => edge.node.title),
      ["item 129", "item 128", "item 127", "item 126", "item 125"],
    );
  });

  it("costs one database command whatever the page size", async () => {
    for (const size of [1, 20, 100]) {
      const mark = counter.mark();
      const page = itemsOf((await query(`(first: ${size})`)).body);
      assert.equal(page.edges.length, size);
      assert.deepEqual(counter.countSince(mark), { find: 1 }, `first: ${size}`);
    }
  });

  const refused: [args: string, message: RegExp][] = [
    ["(first: 101)", /`first` must be 0 to 100 \(got 101\)/],
    ["(first: -1)", /`first` must be 0 to 100/],
    ['(after: "bm90LWEtY3Vyc29y")', /`after` is not a valid cursor/],
    ['(after: "{\\"v\\":1}")', /`after` is not a valid cursor/],
    ["(first: 2, last: 2)", /`first` or `last`, not both/],
    ['(first: 2, before: "x")', /forward with `first`\/`after`/],
  ];
  for (const [args, message] of refused) {
    it(`A2/D6: items${args} is BAD_USER_INPUT, and no query reaches the database`, async () => {
      const mark = counter.mark();
      const response = await request(server.url)
        .post("/graphql")
        .send({ query: `{ items${args} { edges { cursor } } }` })
        .expect(200);
      const error = (response.body as GraphQLBody).errors?.[0];
      assert.equal(error?.extensions?.["code"], "BAD_USER_INPUT");
      assert.match(String(error?.message), message);
      assert.deepEqual(counter.countSince(mark), {});
    });
  }

  it("D6: an operator object in a cursor variable is a coercion error, not a filter", async () => {
    const mark = counter.mark();
    const response = await request(server.url)
      .post("/graphql")
      .send({
        query: "query ($after: String) { items(after: $after) { edges { cursor } } }",
        variables: { after: { $gt: "" } },
      })
      .expect(400);
    assert.equal((response.body as GraphQLBody).errors?.[0]?.extensions?.["code"], "BAD_USER_INPUT");
    assert.deepEqual(counter.countSince(mark), {});
  });
});
