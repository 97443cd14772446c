import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { App } from "../../../../src/app.js";
import { readCatalog } from "../../../../src/catalog/read-catalog.js";
import { relinkArticles } from "../../../../src/catalog/relink.js";
import { createLinker } from "../../../../src/linking/create-linker.js";
import { codeOf, gql, KEYS, seedArticles, seedFeed, startApiApp, stopApiApp } from "../support/api-app.js";

const EVENT_INPUT = {
  title: "Example Corp buys a hypervisor startup",
  kind: "ACQUISITION",
  phases: [{ name: "ANNOUNCED", date: "2019-05", precision: "MONTH" }],
  hypervisors: ["kvm"],
  vendors: ["red-hat"],
  patterns: [["@kvm", "#kind"]],
  sources: [{ url: "https://example.com/news", title: "The announcement" }],
};

const CREATE = `mutation($slug: String!, $input: EventInput!) { createEvent(slug: $slug, input: $input) { slug title kind phases { name date precision } } }`;

describe("catalog edits: events, aliases, manual links", () => {
  let app: App;
  let articleId = "";
  before(async () => {
    app = await startApiApp("edits");
    const feed = await seedFeed(app.database.db, "https://feeds.test/e.xml");
    [articleId = ""] = await seedArticles(app.database.db, [
      {
        title: "Xen and KVM, side by side",
        publishedAt: "2019-05-10T10:00:00Z",
        feedId: feed,
        links: ["HYPERVISOR:xen"],
      },
    ]);
  });
  after(() => stopApiApp(app));

  it("creates, reads, updates and deletes an event", async () => {
    const created = await gql<{ createEvent: { phases: { date: string; precision: string }[] } }>(
      app.url,
      CREATE,
      { slug: "example-buys-startup", input: EVENT_INPUT },
      KEYS.editor,
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    assert.deepEqual(created.data?.createEvent.phases, [
      { name: "ANNOUNCED", date: "2019-05-01T00:00:00.000Z", precision: "MONTH" },
    ]);
    assert.equal(
      codeOf(await gql(app.url, CREATE, { slug: "example-buys-startup", input: EVENT_INPUT }, KEYS.editor)),
      "BAD_USER_INPUT",
    );
    const update = `mutation($slug: String!, $input: EventInput!) { updateEvent(slug: $slug, input: $input) { title } }`;
    const updated = await gql<{ updateEvent: { title: string } }>(
      app.url,
      update,
      { slug: "example-buys-startup", input: { ...EVENT_INPUT, title: "Renamed" } },
      KEYS.editor,
    );
    assert.equal(updated.data?.updateEvent.title, "Renamed");
    const read = await gql<{ event: { title: string; hypervisors: { slug: string }[]; vendors: { slug: string }[] } }>(
      app.url,
      `{ event(slug: "example-buys-startup") { title hypervisors { slug } vendors { slug } } }`,
    );
    assert.deepEqual(read.data?.event, {
      title: "Renamed",
      hypervisors: [{ slug: "kvm" }],
      vendors: [{ slug: "red-hat" }],
    });
    const remove = `mutation { deleteEvent(slug: "example-buys-startup") }`;
    assert.equal(codeOf(await gql(app.url, remove, {}, KEYS.editor)), "FORBIDDEN");
    assert.equal(
      (await gql<{ deleteEvent: string }>(app.url, remove, {}, KEYS.admin)).data?.deleteEvent,
      "example-buys-startup",
    );
    assert.equal(codeOf(await gql(app.url, `{ event(slug: "example-buys-startup") { slug } }`)), "NOT_FOUND");
    assert.equal(
      codeOf(await gql(app.url, update, { slug: "example-buys-startup", input: EVENT_INPUT }, KEYS.editor)),
      "NOT_FOUND",
    );
  });

  const badEvents: [string, Record<string, unknown>][] = [
    [
      "a date that does not match its precision",
      { phases: [{ name: "ANNOUNCED", date: "2019-05-02", precision: "MONTH" }] },
    ],
    ["an unknown hypervisor", { hypervisors: ["not-in-catalog"] }],
    ["no source", { sources: [] }],
  ];
  for (const [name, change] of badEvents) {
    it(`refuses an event with ${name}`, async () => {
      assert.equal(
        codeOf(await gql(app.url, CREATE, { slug: "bad-event", input: { ...EVENT_INPUT, ...change } }, KEYS.editor)),
        "BAD_USER_INPUT",
      );
    });
  }

  it("adds an alias, refusing a repeat and an unknown entry", async () => {
    const add = `mutation($slug: String!, $text: String!) { addAlias(kind: HYPERVISOR, slug: $slug, alias: { text: $text, confidence: 0.7 }) { slug aliases { text confidence } } }`;
    const added = await gql<{ addAlias: { aliases: { text: string; confidence: number }[] } }>(
      app.url,
      add,
      { slug: "kvm", text: "Kernel VM" },
      KEYS.editor,
    );
    assert.deepEqual(added.data?.addAlias.aliases.at(-1), { text: "Kernel VM", confidence: 0.7 });
    assert.equal(codeOf(await gql(app.url, add, { slug: "kvm", text: "kernel  vm" }, KEYS.editor)), "BAD_USER_INPUT");
    assert.equal(codeOf(await gql(app.url, add, { slug: "no-such-hypervisor", text: "x" }, KEYS.editor)), "NOT_FOUND");
  });

  it("keeps manual links and rejections through a relink, and updates the timeline counts", async () => {
    const link = `mutation($input: ArticleLinkInput!) { linkArticle(input: $input) { hypervisors { slug } links(includeRejected: true) { slug origin rejected } } }`;
    const unlink = `mutation($input: ArticleLinkInput!) { unlinkArticle(input: $input) { hypervisors { slug } } }`;
    const linked = await gql<{ linkArticle: { hypervisors: { slug: string }[] } }>(
      app.url,
      link,
      { input: { articleId, kind: "HYPERVISOR", slug: "kvm" } },
      KEYS.editor,
    );
    assert.deepEqual(linked.data?.linkArticle.hypervisors.map((h) => h.slug).sort(), ["kvm", "xen"]);
    const unlinked = await gql<{ unlinkArticle: { hypervisors: { slug: string }[] } }>(
      app.url,
      unlink,
      { input: { articleId, kind: "HYPERVISOR", slug: "xen" } },
      KEYS.editor,
    );
    assert.deepEqual(
      unlinked.data?.unlinkArticle.hypervisors.map((h) => h.slug),
      ["kvm"],
    );
    // The relink job: the real linker finds "Xen" and "KVM" in the title again.
    await relinkArticles({ db: app.database.db, linker: createLinker(await readCatalog()) });
    const after = await gql<{
      article: { hypervisors: { slug: string }[]; links: { slug: string; origin: string; rejected: boolean }[] };
    }>(
      app.url,
      `query($id: ID!) { article(id: $id) { hypervisors { slug } links(includeRejected: true) { slug origin rejected } } }`,
      { id: articleId },
    );
    assert.deepEqual(
      after.data?.article.hypervisors.map((h) => h.slug),
      ["kvm"],
    );
    assert.ok(after.data?.article.links.some((l) => l.slug === "xen" && l.origin === "MANUAL" && l.rejected));
    const buckets = await gql<{ timeline: { buckets: { byHypervisor: { slug: string; count: number }[] }[] } }>(
      app.url,
      `{ timeline(filter: { from: "2019-05-01T00:00:00Z", to: "2019-06-01T00:00:00Z" }) { buckets(granularity: MONTH) { byHypervisor { slug count } } } }`,
    );
    assert.deepEqual(buckets.data?.timeline.buckets[0]?.byHypervisor, [{ slug: "kvm", count: 1 }]);
  });

  it("refuses link edits without a key, for unknown articles or entries, and from D6 payloads", async () => {
    const link = `mutation($input: ArticleLinkInput!) { linkArticle(input: $input) { id } }`;
    assert.equal(
      codeOf(await gql(app.url, link, { input: { articleId, kind: "HYPERVISOR", slug: "kvm" } })),
      "UNAUTHENTICATED",
    );
    assert.equal(
      codeOf(
        await gql(
          app.url,
          link,
          { input: { articleId: "0123456789abcdef01234567", kind: "HYPERVISOR", slug: "kvm" } },
          KEYS.editor,
        ),
      ),
      "NOT_FOUND",
    );
    assert.equal(
      codeOf(await gql(app.url, link, { input: { articleId, kind: "VENDOR", slug: "not-a-vendor" } }, KEYS.editor)),
      "BAD_USER_INPUT",
    );
    assert.equal(
      codeOf(
        await gql(app.url, link, { input: { articleId: { $gt: "" }, kind: "HYPERVISOR", slug: "kvm" } }, KEYS.editor),
      ),
      "BAD_USER_INPUT",
    );
    assert.equal(
      codeOf(await gql(app.url, link, { input: { articleId, kind: "$where", slug: "kvm" } }, KEYS.editor)),
      "BAD_USER_INPUT",
    );
  });
});
