import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";

import Parser from "rss-parser";

import type { App } from "../../../src/app.js";
import { loadCatalog } from "../../../src/catalog/load-catalog.js";
import { readCatalog } from "../../../src/catalog/read-catalog.js";
import { normalizeFeed } from "../../../src/feeds/normalize/normalize-feed.js";
import { parseFeedText } from "../../../src/feeds/parse/parse-feed.js";
import { parseOpml } from "../../../src/ingest/opml.js";
import { startTestApp } from "../../helpers/app.js";
import { storeArticles } from "../live/articles-fixture.js";

const PUBLIC_URL = "https://news.example";
const HOSTILE = `<script>alert(1)</script> Xen & "friends"`;

async function get(app: App, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}${path}`, { headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

const titlesOf = (body: string, url: string) =>
  normalizeFeed(parseFeedText(body, url), { feedUrl: url, now: new Date() }).map((entry) => entry.title);

describe("published feeds and calendars over HTTP", () => {
  let app: App;
  before(async () => {
    app = await startTestApp({ dbName: `publish_${randomBytes(4).toString("hex")}`, env: { PUBLIC_URL } });
    const db = app.database.db;
    await loadCatalog(db, await readCatalog());
    const day = (n: number) => new Date(Date.UTC(2024, 4, n));
    await storeArticles(db, [
      { title: "KVM 9 ships", hypervisors: ["kvm"], publishedAt: day(1) },
      { title: HOSTILE, hypervisors: ["xen"], vendors: ["citrix"], publishedAt: day(2), confidence: 0.95 },
      { title: "Xen maybe", hypervisors: ["xen"], publishedAt: day(3), confidence: 0.5 },
    ]);
  });
  after(async () => {
    await app.database.db.dropDatabase();
    await app.stop();
  });

  for (const format of ["atom", "rss", "json"] as const) {
    it(`/feeds/hypervisors/xen.${format}: only Xen articles, valid, with the PUBLIC_URL self link`, async () => {
      const path = `/feeds/hypervisors/xen.${format}`;
      const response = await get(app, path);
      assert.equal(response.status, 200);
      assert.match(
        response.headers.get("content-type") ?? "",
        format === "json" ? /feed\+json/ : new RegExp(`${format}\\+xml`),
      );
      assert.deepEqual(titlesOf(response.body, `${PUBLIC_URL}${path}`).slice(0, 1), ["Xen maybe"]);
      const titles = titlesOf(response.body, `${PUBLIC_URL}${path}`);
      assert.equal(titles.length, 2);
      assert.ok(!titles.some((title) => title.includes("KVM")));
      assert.ok(response.body.includes(`${PUBLIC_URL}${path}`), "self link");
      if (format !== "json") assert.equal((await new Parser().parseString(response.body)).items.length, 2);
    });
  }

  it("C4: a hostile title is text in every format: no script element reaches a reader", async () => {
    for (const format of ["atom", "rss", "json"] as const) {
      const response = await get(app, `/feeds/vendors/citrix.${format}`);
      assert.equal(response.status, 200);
      assert.doesNotMatch(response.body, /<script/i, format);
      assert.equal(response.headers.get("x-content-type-options"), "nosniff");
      if (format !== "json") {
        assert.deepEqual(titlesOf(response.body, `${PUBLIC_URL}/f`), [`<script>alert(1)</script> Xen & "friends"`]);
      }
    }
  });

  it("saved filters: minConfidence narrows, a typo is a 400, an unknown slug a 404", async () => {
    const confident = await get(app, "/feeds/articles.atom?hypervisors=xen,kvm&minConfidence=0.8");
    assert.equal(confident.status, 200);
    assert.deepEqual(titlesOf(confident.body, `${PUBLIC_URL}/f`).sort(), [HOSTILE, "KVM 9 ships"].sort());
    assert.match(confident.body, /feeds\/articles\.atom\?hypervisors=kvm%2Cxen&amp;minConfidence=0\.8/);
    assert.equal((await get(app, "/feeds/articles.atom?hypervisor=xen")).status, 400);
    assert.equal((await get(app, "/feeds/articles.atom?minConfidence=2")).status, 400);
    assert.equal((await get(app, "/feeds/articles.atom?hypervisors=Not%20A%20Slug")).status, 400);
    assert.equal((await get(app, "/feeds/hypervisors/no-such-thing.atom")).status, 404);
    assert.equal((await get(app, "/feeds/articles.xml")).status, 404);
    assert.equal((await get(app, "/feeds/stars/xen.atom")).status, 404);
  });

  it("conditional GET: 304 on the ETag or Last-Modified, 200 again once an article arrives", async () => {
    const path = "/feeds/hypervisors/xen.rss";
    const first = await get(app, path);
    const etag = first.headers.get("etag") ?? "";
    const lastModified = first.headers.get("last-modified") ?? "";
    assert.match(etag, /^"/);
    assert.equal(lastModified, "Fri, 03 May 2024 00:00:00 GMT");
    assert.equal((await get(app, path, { "if-none-match": etag })).status, 304);
    assert.equal((await get(app, path, { "if-modified-since": lastModified })).status, 304);
    await storeArticles(app.database.db, [{ title: "Xen news just in", hypervisors: ["xen"] }]);
    const fresh = await get(app, path, { "if-none-match": etag });
    assert.equal(fresh.status, 200);
    assert.equal(titlesOf(fresh.body, `${PUBLIC_URL}${path}`)[0], "Xen news just in");
  });

  it("/feeds.opml lists every published per-entry feed", async () => {
    const response = await get(app, "/feeds.opml");
    assert.equal(response.status, 200);
    const opml = parseOpml(response.body);
    const urls = opml.feeds.map((feed) => feed.url);
    assert.ok(urls.includes(`${PUBLIC_URL}/feeds/hypervisors/xen.atom`));
    assert.ok(urls.includes(`${PUBLIC_URL}/feeds/vendors/citrix.atom`));
    assert.ok(urls.includes(`${PUBLIC_URL}/feeds/articles.atom`));
    assert.ok(urls.some((url) => url.startsWith(`${PUBLIC_URL}/feeds/events/`)));
    assert.equal((await get(app, "/feeds.opml", { "if-none-match": response.headers.get("etag") ?? "" })).status, 304);
  });

  it("/calendar/events.ics: filtered like the timeline, one VEVENT per phase, UIDs on the public host, 304", async () => {
    const all = await get(app, "/calendar/events.ics");
    assert.equal(all.status, 200);
    assert.match(all.headers.get("content-type") ?? "", /^text\/calendar/);
    const uids = (body: string) => [...body.matchAll(/^UID:(.+)\r$/gm)].map((match) => match[1]);
    const catalog = await readCatalog();
    const phases = catalog.events.reduce((sum, event) => sum + event.phases.length, 0);
    assert.equal(uids(all.body).length, phases);
    assert.ok(uids(all.body).every((uid) => uid?.endsWith("@news.example")));

    const xen = catalog.events.filter((event) => event.hypervisors.includes("xen"));
    const filtered = await get(app, "/calendar/events.ics?hypervisors=xen");
    assert.equal(
      uids(filtered.body).length,
      xen.reduce((sum, event) => sum + event.phases.length, 0),
    );

    const releases2008 = await get(app, "/calendar/events.ics?kinds=release&from=2008-01-01&to=2009-01-01");
    const expected = catalog.events
      .filter((event) => event.kind === "release")
      .flatMap((event) =>
        event.phases
          .filter((phase) => phase.date.getUTCFullYear() === 2008)
          .map((phase) => `${event.slug}-${phase.name}@news.example`),
      );
    assert.deepEqual(uids(releases2008.body).sort(), expected.sort());

    assert.equal((await get(app, "/calendar/events.ics?kinds=party")).status, 400);
    assert.equal(
      (await get(app, "/calendar/events.ics", { "if-none-match": all.headers.get("etag") ?? "" })).status,
      304,
    );
  });
});
