import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";

import { ObjectId } from "mongodb";

import { readCatalog } from "../../../src/catalog/read-catalog.js";
import { relinkArticles, type RelinkProgress } from "../../../src/catalog/relink.js";
import { createLinker } from "../../../src/linking/create-linker.js";
import type { ArticleLink, Linker } from "../../../src/model/links.js";
import { countArticlesToRelink, saveArticleLinks } from "../../../src/store/article-links.js";
import { ARTICLES } from "../../../src/store/articles.js";
import { openTestDatabase, type TestDatabase } from "../../helpers/mongo.js";

const manual = (kind: ArticleLink["kind"], slug: string, rejected = false): ArticleLink => ({
  kind,
  slug,
  confidence: 1,
  origin: "MANUAL",
  evidence: [],
  relation: null,
  rejected,
});

const staleAuto: ArticleLink = {
  kind: "HYPERVISOR",
  slug: "esx",
  confidence: 0.9,
  origin: "AUTO",
  evidence: [{ alias: "ESX", field: "title", offset: 0 }],
  relation: null,
  rejected: false,
};

/** A stored article with just the fields linking reads and writes (plus a unique dedupe key). */
function articleDoc(title: string, publishedAt: string, fields: Record<string, unknown> = {}) {
  return {
    _id: new ObjectId(),
    dedupeKey: `test:${new ObjectId().toHexString()}`,
    title,
    summary: "",
    contentHtml: "",
    categories: [] as string[],
    publishedAt: new Date(`${publishedAt}T12:00:00Z`),
    links: [] as ArticleLink[],
    hypervisors: [] as string[],
    vendors: [] as string[],
    topics: [] as string[],
    events: [] as string[],
    linkedCatalogVersion: null as string | null,
    ...fields,
  };
}

describe("relinkArticles", () => {
  let t: TestDatabase;
  let linker: Linker;
  const fillers = 25;
  const articles = () => t.db.collection<ReturnType<typeof articleDoc>>(ARTICLES);

  before(async () => {
    t = await openTestDatabase("relink");
    linker = createLinker(await readCatalog());
  });
  after(() => t.drop());

  beforeEach(async () => {
    await articles().deleteMany({});
    await articles().insertMany([
      articleDoc("Citrix to buy XenSource for $500 million", "2007-08-15", {
        contentHtml: "<p>The deal adds the company behind the <b>Xen</b> hypervisor.</p>",
        links: [manual("EVENT", "citrix-acquires-xensource", true), manual("HYPERVISOR", "kvm"), staleAuto],
        hypervisors: ["kvm", "esx"],
        linkedCatalogVersion: "an-older-catalog",
      }),
      articleDoc("Already current: Hyper-V ships", "2008-06-26", {
        links: [staleAuto],
        hypervisors: ["esx"],
        linkedCatalogVersion: linker.catalogVersion,
      }),
      ...Array.from({ length: fillers }, (_, index) => articleDoc(`KVM news number ${index}`, "2012-01-01")),
    ]);
  });

  it("relinks every stale article in batches, keeping MANUAL links and rejections", async () => {
    const reports: RelinkProgress[] = [];
    const summary = await relinkArticles({ db: t.db, linker }, { batchSize: 10, onProgress: (p) => reports.push(p) });
    assert.deepEqual(summary, {
      catalogVersion: linker.catalogVersion,
      total: fillers + 1,
      processed: fillers + 1,
      saved: fillers + 1,
      conflicts: 0,
      batches: 3,
      complete: true,
    });
    assert.deepEqual(
      reports.map((report) => report.processed),
      [10, 20, 26],
    );

    const deal = await articles().findOne({ title: /XenSource/ });
    assert.ok(deal);
    assert.equal(deal.linkedCatalogVersion, linker.catalogVersion);
    const keys = deal.links.map(
      (link) => `${link.origin}:${link.kind}:${link.slug}${link.rejected ? ":rejected" : ""}`,
    );
    assert.deepEqual(keys.slice(0, 2), ["MANUAL:EVENT:citrix-acquires-xensource:rejected", "MANUAL:HYPERVISOR:kvm"]);
    assert.ok(keys.includes("AUTO:HYPERVISOR:xen"), keys.join());
    assert.ok(keys.includes("AUTO:VENDOR:citrix"), keys.join());
    assert.ok(!keys.includes("AUTO:EVENT:citrix-acquires-xensource"), "a rejected link is never re-added");
    assert.ok(!keys.includes("AUTO:HYPERVISOR:esx"), "old AUTO links are replaced");
    assert.deepEqual(deal.hypervisors.sort(), ["kvm", "xen"]);
    assert.deepEqual(deal.vendors.sort(), ["citrix", "xensource"]);
    assert.deepEqual(deal.events, []);

    const current = await articles().findOne({ title: /Already current/ });
    assert.deepEqual(current?.links, [staleAuto], "articles linked with the current catalog are not touched");
    const filler = await articles().findOne({ title: "KVM news number 3" });
    assert.deepEqual(filler?.hypervisors, ["kvm"]);
  });

  it("does nothing when every article is current", async () => {
    await relinkArticles({ db: t.db, linker }, { batchSize: 10 });
    const again = await relinkArticles({ db: t.db, linker }, { batchSize: 10 });
    assert.deepEqual(again, {
      catalogVersion: linker.catalogVersion,
      total: 0,
      processed: 0,
      saved: 0,
      conflicts: 0,
      batches: 0,
      complete: true,
    });
  });

  it("resumes after an interruption, with counts that add up", async () => {
    const first = await relinkArticles({ db: t.db, linker }, { batchSize: 10, maxBatches: 1 });
    assert.equal(first.complete, false);
    assert.equal(first.processed, 10);
    assert.equal(await countArticlesToRelink(t.db, linker.catalogVersion), fillers + 1 - 10);

    const rest = await relinkArticles({ db: t.db, linker }, { batchSize: 10 });
    assert.equal(rest.complete, true);
    assert.equal(rest.total, fillers + 1 - 10);
    assert.equal(rest.processed, fillers + 1 - 10);
    assert.equal(first.processed + rest.processed, fillers + 1);
    assert.equal(await countArticlesToRelink(t.db, linker.catalogVersion), 0);
    const deal = await articles().findOne({ title: /XenSource/ });
    assert.equal(deal?.links.filter((link) => link.origin === "MANUAL").length, 2);
  });

  it("stops between batches when aborted, keeping the work done", async () => {
    const controller = new AbortController();
    const summary = await relinkArticles(
      { db: t.db, linker },
      { batchSize: 5, signal: controller.signal, onProgress: () => controller.abort() },
    );
    assert.deepEqual([summary.processed, summary.batches, summary.complete], [5, 1, false]);
    assert.equal(await countArticlesToRelink(t.db, linker.catalogVersion), fillers + 1 - 5);
  });

  it("leaves an article whose links changed meanwhile for the next run", async () => {
    const deal = await articles().findOne({ title: /XenSource/ });
    assert.ok(deal);
    const result = await saveArticleLinks(t.db, [
      {
        id: deal._id,
        previousLinks: [staleAuto],
        links: [],
        hypervisors: [],
        vendors: [],
        topics: [],
        events: [],
        linkedCatalogVersion: linker.catalogVersion,
      },
    ]);
    assert.deepEqual(result, { saved: 0, conflicts: 1 });
    const after = await articles().findOne({ _id: deal._id });
    assert.equal(after?.links.length, 3);
    assert.equal(after?.linkedCatalogVersion, "an-older-catalog");
  });

  it("links an article stored without a links field", async () => {
    const bare = articleDoc("Proxmox VE 1.0 released", "2008-10-30") as Partial<ReturnType<typeof articleDoc>>;
    delete bare.links;
    await articles().insertOne(bare as ReturnType<typeof articleDoc>);
    const summary = await relinkArticles({ db: t.db, linker }, { batchSize: 50 });
    assert.equal(summary.conflicts, 0);
    const stored = await articles().findOne({ _id: bare._id });
    assert.deepEqual(stored?.hypervisors, ["proxmox-ve"]);
    assert.deepEqual(stored?.events, ["proxmox-ve-first-release"]);
  });

  it("rejects a batch size that is not a whole number", async () => {
    await assert.rejects(relinkArticles({ db: t.db, linker }, { batchSize: 0 }), RangeError);
  });
});
