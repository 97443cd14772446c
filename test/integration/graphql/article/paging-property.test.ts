import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import fc from "fast-check";

import type { App } from "../../../../src/app.js";
import { gql, seedArticles, seedFeed, startApiApp, stopApiApp } from "../support/api-app.js";

const PAGE = `query Page($filter: ArticleFilter, $first: Int, $after: String) {
  articles(filter: $filter, first: $first, after: $after) {
    edges { node { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface PageData {
  articles: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const BASE = Date.UTC(2026, 2, 1);
const MINUTE = 60_000;

describe("articles paging over HTTP while articles are ingested between pages", () => {
  let app: App;
  let run = 0;
  before(async () => {
    app = await startApiApp("paging");
  });
  after(() => stopApiApp(app));

  it("never skips or repeats an article, and ends", async () => {
    await fc.assert(
      fc.asyncProperty(
        // Few distinct minutes: many ties on publishedAt, which the id breaks.
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 25 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 }),
        async (minutes, size, insertsPerPage) => {
          const feedId = await seedFeed(app.database.db, `https://feeds.test/paging-${run++}.xml`);
          const at = (minute: number) => new Date(BASE + minute * MINUTE).toISOString();
          const existing = await seedArticles(
            app.database.db,
            minutes.map((minute, i) => ({ title: `old ${i}`, publishedAt: at(minute), feedId })),
          );
          const filter = { feeds: [feedId.toHexString()] };
          const seen: string[] = [];
          let after: string | null = null;
          let fresh = 0;
          for (let page = 0; ; page += 1) {
            const result: Awaited<ReturnType<typeof gql<PageData>>> = await gql<PageData>(app.url, PAGE, {
              filter,
              first: size,
              after,
            });
            assert.equal(result.errors, undefined, JSON.stringify(result.errors));
            const { edges, pageInfo } = result.data!.articles;
            assert.ok(edges.length <= size);
            seen.push(...edges.map((edge) => edge.node.id));
            if (!pageInfo.hasNextPage) break;
            assert.ok(page <= existing.length, "paging did not end");
            after = pageInfo.endCursor;
            // Newer than anything listed so far, as fresh articles are.
            const count = insertsPerPage[page % insertsPerPage.length] ?? 0;
            if (count > 0) {
              await seedArticles(
                app.database.db,
                Array.from({ length: count }, () => ({ title: "fresh", publishedAt: at(10 + fresh++), feedId })),
              );
            }
          }
          assert.equal(new Set(seen).size, seen.length, "an article came twice");
          assert.deepEqual([...seen].sort(), [...existing].sort(), "the listing skipped or invented an article");
        },
      ),
      { numRuns: 15 },
    );
  });
});
