import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { codeOf, gql, seedArticles, seedFeed } from "../support/api-app.js";
import { type CountedServer, startCountedServer } from "../support/counted-server.js";

const SEARCH = `query Search($query: String!, $first: Int) { search(query: $query, first: $first) { edges { node { title } } } }`;

/** Every key of a command document, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => [key, ...keysOf(child)]);
}

describe("search (word index, RELIABILITY.md D6)", () => {
  let server: CountedServer;
  before(async () => {
    server = await startCountedServer("search");
    const feed = await seedFeed(server.testDb.db, "https://feeds.test/s.xml");
    await seedArticles(server.testDb.db, [
      {
        title: "Xen 4.0 brings PVH guests",
        publishedAt: "2010-04-07T10:00:00Z",
        feedId: feed,
        summary: "Paravirtualized hardware",
      },
      { title: "Hyper-V gets nested virtualization", publishedAt: "2016-01-07T10:00:00Z", feedId: feed },
      {
        title: "Où va la virtualisation ?",
        publishedAt: "2017-01-07T10:00:00Z",
        feedId: feed,
        summary: "Les hyperviseurs en Europe",
      },
    ]);
  });
  after(() => server.close());

  const titles = async (query: string) => {
    const result = await gql<{ search: { edges: { node: { title: string } }[] } }>(server.url, SEARCH, { query });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!.search.edges.map((edge) => edge.node.title);
  };

  it("finds articles holding every word, whatever the case and accents", async () => {
    assert.deepEqual(await titles("xen pvh"), ["Xen 4.0 brings PVH guests"]);
    assert.deepEqual(await titles("PARAVIRTUALIZED"), ["Xen 4.0 brings PVH guests"]);
    assert.deepEqual(await titles("ou hyperviseurs"), ["Où va la virtualisation ?"]);
    assert.deepEqual(await titles("hyper nested"), ["Hyper-V gets nested virtualization"]);
    assert.deepEqual(await titles("xen nested"), []);
  });

  const refused: [string, unknown][] = [
    ["an operator object instead of a string", { $gt: "" }],
    ["a catastrophic-backtracking regex with no word", "(a+)+$"],
    ["10 kB of text", "x".repeat(10_240)],
    ["nine words", "one two three four five six seven eight nine"],
  ];
  for (const [name, query] of refused) {
    it(`answers BAD_USER_INPUT for ${name}, without a database command`, async () => {
      const mark = server.counter.mark();
      const result = await gql(server.url, SEARCH, { query });
      assert.equal(codeOf(result), "BAD_USER_INPUT");
      assert.deepEqual(server.counter.commandsSince(mark), []);
    });
  }

  it("keeps client text out of the keys of every command it sends", async () => {
    const monitored: unknown[] = [];
    const listener = (event: { command: Record<string, unknown> }) => monitored.push(event.command);
    server.counter.client.on("commandStarted", listener);
    await titles("$where $ne");
    await gql(server.url, `query($f: ArticleFilter) { articles(filter: $f) { edges { node { id } } } }`, {
      f: { hypervisors: ["xen"], text: "$regex", minConfidence: 0.5, rejectedLinks: "INCLUDE" },
    });
    server.counter.client.off("commandStarted", listener);
    const keys = new Set(monitored.flatMap(keysOf));
    for (const key of keys) {
      assert.ok(!["$where", "$ne", "$regex", "$gt"].includes(key), `client text became the key ${key}`);
    }
    assert.ok(keys.has("$all"));
  });
});
