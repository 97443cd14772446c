/**
 * Hostile documents (RELIABILITY C1, C2): entity expansion bombs and external entities are never
 * expanded or fetched; element, attribute and JSON member names like `__proto__` never reach
 * Object.prototype.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";

import { normalizeFeed } from "../../../src/feeds/normalize/normalize-feed.js";
import { FEED_URL, fixture, parse } from "./fixtures.js";

const billionLaughs = (() => {
  const levels = ['<!ENTITY lol0 "lol">'];
  for (let level = 1; level <= 9; level += 1) {
    levels.push(`<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`);
  }
  return `<?xml version="1.0"?><!DOCTYPE rss [${levels.join("")}]>
    <rss version="2.0"><channel><title>&lol9;</title><item><title>a &lol9; b</title></item></channel></rss>`;
})();

describe("C1: entity expansion and external entities", () => {
  let requests = 0;
  let port = 0;
  const server = createServer((_request, response) => {
    requests += 1;
    response.end("SECRET");
  });

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  it("leaves a billion-laughs reference as literal text", () => {
    const feed = parse(billionLaughs);
    assert.equal(feed.title, "&lol9;");
    assert.equal(feed.items[0]?.title, "a &lol9; b");
    assert.ok(!JSON.stringify(feed).includes("lollol"));
  });

  it("never reads a SYSTEM file entity", () => {
    const feed = parse(`<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <rss version="2.0"><channel><title>&xxe;</title></channel></rss>`);
    assert.equal(feed.title, "&xxe;");
    assert.ok(!JSON.stringify(feed).includes("root:"));
  });

  it("never fetches a SYSTEM http entity or an external DTD", () => {
    const feed = parse(`<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://127.0.0.1:${port}/dtd" [
      <!ENTITY remote SYSTEM "http://127.0.0.1:${port}/x"><!ENTITY % param SYSTEM "http://127.0.0.1:${port}/p"> %param;]>
      <rss version="2.0"><channel><title>&remote;</title></channel></rss>`);
    assert.equal(feed.title, "&remote;");
    assert.equal(requests, 0);
  });

  it("does not expand entities declared in an internal DOCTYPE (feedparser entity_in_doctype)", () => {
    const feed = parse(fixture("kurtmckee-feedparser/tests/wellformed/rss/entity_in_doctype.xml"));
    assert.equal(feed.items[0]?.guid, "&id;2006-05-04:/blog/");
  });
});

describe("C2: prototype pollution", () => {
  const pollutedKey = "polluted";
  const assertClean = () => {
    assert.equal(({} as Record<string, unknown>)[pollutedKey], undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, pollutedKey), false);
  };

  const documents: [name: string, body: string][] = [
    ["RSS elements named __proto__, constructor, prototype", `<rss version="2.0"><channel><__proto__><polluted>yes</polluted></__proto__>
      <item><title>t</title><__proto__><polluted>yes</polluted></__proto__><constructor><prototype><polluted>yes</polluted></prototype></constructor>
      <category>__proto__</category><guid>__proto__</guid></item></channel></rss>`],
    ["attributes named __proto__", `<rss version="2.0" __proto__="x"><channel><item __proto__="yes" constructor="y"><title __proto__="z">t</title>
      <enclosure url="https://x/a.mp3" __proto__="polluted"/></item></channel></rss>`],
    ["Atom entries named __proto__", `<feed xmlns="http://www.w3.org/2005/Atom"><entry><__proto__ polluted="yes"/><title>t</title>
      <constructor><prototype polluted="yes"/></constructor></entry></feed>`],
    ["JSON Feed members named __proto__", `{"version":"https://jsonfeed.org/version/1.1","title":"t","__proto__":{"polluted":"yes"},
      "items":[{"id":"1","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"tags":["__proto__"],
      "authors":[{"name":"a","__proto__":{"polluted":"yes"}}]}]}`],
  ]; // prettier-ignore

  for (const [name, body] of documents) {
    it(name, () => {
      const feed = parse(body);
      normalizeFeed(feed, { feedUrl: FEED_URL, now: new Date("2024-01-01T00:00:00Z") });
      assert.equal(feed.items.length, 1);
      assertClean();
    });
  }
});
