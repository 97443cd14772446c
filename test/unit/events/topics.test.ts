import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { assertPublishable, parseBusEvent, parseEventId } from "../../../src/events/topics.js";

const ID = "0123456789abcdef01234567";
const at = new Date("2024-05-01T00:00:00Z");
const article = {
  articleId: ID,
  feedIds: [ID],
  publishedAt: at.toISOString(),
  links: [{ kind: "HYPERVISOR", slug: "xen", confidence: 0.9, rejected: false }],
};

describe("bus topics: untrusted stored events are narrowed once", () => {
  it("accepts a known topic with a valid payload, with its position as the event id", () => {
    const event = parseBusEvent(42, "ArticleAdded", article, at);
    assert.equal(event?.id, "42");
    assert.equal(event?.topic, "ArticleAdded");
  });

  const refused: [string, unknown, unknown][] = [
    ["an unknown topic", "ArticleDeleted", article],
    ["a topic that is not a string", 7, article],
    ["a payload of another topic", "ArticleAdded", { slug: "x", kind: "release", hypervisors: [], vendors: [] }],
    ["an id that is not an ObjectId", "ArticleAdded", { ...article, articleId: "<script>" }],
    ["a confidence above 1", "ArticleAdded", { ...article, links: [{ ...article.links[0], confidence: 2 }] }],
    ["a date that is not ISO", "ArticleAdded", { ...article, publishedAt: "yesterday" }],
    ["too many links", "ArticleAdded", { ...article, links: Array.from({ length: 300 }, () => article.links[0]) }],
    ["a null payload", "FeedHealthChanged", null],
  ];
  for (const [what, topic, payload] of refused) {
    it(`skips ${what}`, () => assert.equal(parseBusEvent(1, topic, payload, at), null));
  }

  it("refuses to publish what every reader would skip", () => {
    assert.throws(
      () =>
        assertPublishable({ topic: "FeedHealthChanged", payload: { feedId: "nope", outcome: "ok", errorCode: null } }),
      /invalid FeedHealthChanged payload/,
    );
  });

  it("reads client event ids strictly", () => {
    const table: [string, number | null][] = [
      ["0", 0],
      ["42", 42],
      ["999999999999999", 999999999999999],
      ["042", null],
      ["-1", null],
      ["1e3", null],
      ["", null],
      ["12abc", null],
      ["1234567890123456", null],
    ];
    for (const [text, expected] of table) assert.equal(parseEventId(text), expected, text);
  });
});
