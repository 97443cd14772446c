import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";
import { ObjectId } from "mongodb";

import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  objectIdCodec,
  type PageArgs,
  pageQuery,
  PageRequestError,
  resolvePageRequest,
  stringIdCodec,
  toConnection,
} from "../../../src/timeline/pagination.js";

const AT = new Date("2026-03-01T12:00:00.000Z");
const ID = ObjectId.createFromHexString("65f0c0ffee0000000000abcd");
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("cursors", () => {
  it("are base64url of a versioned JSON position", () => {
    const cursor = encodeCursor({ publishedAt: AT, id: ID }, objectIdCodec);
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")), {
      v: 1,
      p: "2026-03-01T12:00:00.000Z",
      id: "65f0c0ffee0000000000abcd",
    });
  });

  it("round-trip any position (ObjectId and string ids)", () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), fc.string({ minLength: 1, maxLength: 128 }), (publishedAt, id) => {
        const objectId = new ObjectId();
        const a = decodeCursor(encodeCursor({ publishedAt, id: objectId }, objectIdCodec), objectIdCodec);
        assert.equal(a.publishedAt.getTime(), publishedAt.getTime());
        assert.ok(a.id.equals(objectId));
        const b = decodeCursor(encodeCursor({ publishedAt, id }, stringIdCodec), stringIdCodec);
        assert.deepEqual(b, { publishedAt, id });
      }),
    );
  });

  const malformed: [string, string][] = [
    ["empty", ""],
    ["not base64url", "a+b/c="],
    ["not JSON", b64("hello")],
    ["JSON but not an object", b64("42")],
    ["JSON null", b64("null")],
    ["another version", b64(JSON.stringify({ v: 2, p: AT.toISOString(), id: ID.toHexString() }))],
    ["missing the date", b64(JSON.stringify({ v: 1, id: ID.toHexString() }))],
    ["a date in another syntax", b64(JSON.stringify({ v: 1, p: "2026-03-01", id: ID.toHexString() }))],
    ["an impossible date", b64(JSON.stringify({ v: 1, p: "2026-02-30T00:00:00.000Z", id: ID.toHexString() }))],
    ["an id that is not an ObjectId", b64(JSON.stringify({ v: 1, p: AT.toISOString(), id: "zz" }))],
    ["an operator object as id (D6)", b64(JSON.stringify({ v: 1, p: AT.toISOString(), id: { $gt: "" } }))],
    ["an operator object as date (D6)", b64(JSON.stringify({ v: 1, p: { $ne: null }, id: ID.toHexString() }))],
    ["far too long", "A".repeat(10_000)],
  ];
  for (const [label, cursor] of malformed) {
    it(`refuses ${label} with a PageRequestError naming the argument`, () => {
      assert.throws(
        () => decodeCursor(cursor, objectIdCodec, "after"),
        (error: unknown) =>
          error instanceof PageRequestError &&
          error.code === "INVALID_PAGE_REQUEST" &&
          /`after` is not a valid cursor/.test(error.message),
      );
    });
  }
});

describe("resolvePageRequest", () => {
  const cursor = encodeCursor({ publishedAt: AT, id: ID }, objectIdCodec);
  const ok: [PageArgs, { direction: string; size: number; hasCursor: boolean }][] = [
    [{}, { direction: "forward", size: DEFAULT_PAGE_SIZE, hasCursor: false }],
    [
      { first: null, after: null, last: null, before: null },
      { direction: "forward", size: 20, hasCursor: false },
    ],
    [{ first: 0 }, { direction: "forward", size: 0, hasCursor: false }],
    [
      { first: MAX_PAGE_SIZE, after: cursor },
      { direction: "forward", size: 100, hasCursor: true },
    ],
    [{ after: cursor }, { direction: "forward", size: 20, hasCursor: true }],
    [{ last: 5 }, { direction: "backward", size: 5, hasCursor: false }],
    [{ before: cursor }, { direction: "backward", size: 20, hasCursor: true }],
  ];
  for (const [args, expected] of ok) {
    it(`accepts ${JSON.stringify(args)}`, () => {
      const request = resolvePageRequest(args, objectIdCodec);
      assert.deepEqual(
        { direction: request.direction, size: request.size, hasCursor: request.cursor !== null },
        expected,
      );
    });
  }

  const refused: [PageArgs, RegExp][] = [
    [{ first: MAX_PAGE_SIZE + 1 }, /`first` must be 0 to 100 \(got 101\)/],
    [{ first: 1_000_000 }, /`first` must be 0 to 100/],
    [{ first: -1 }, /`first` must be 0 to 100/],
    [{ last: 101 }, /`last` must be 0 to 100/],
    [{ first: 2.5 }, /`first` must be 0 to 100/],
    [{ first: 1, last: 1 }, /not both/],
    [{ after: cursor, before: cursor }, /not both/],
    [{ first: 1, before: cursor }, /forward with `first`\/`after`/],
    [{ last: 1, after: cursor }, /forward with `first`\/`after`/],
    [{ before: "nope" }, /`before` is not a valid cursor/],
  ];
  for (const [args, message] of refused) {
    it(`refuses ${JSON.stringify(args)}`, () => {
      assert.throws(() => resolvePageRequest(args, objectIdCodec), message);
    });
  }
});

describe("pageQuery", () => {
  it("without a cursor: no filter, newest first, one extra document", () => {
    assert.deepEqual(pageQuery(resolvePageRequest({ first: 10 }, objectIdCodec)), {
      filter: {},
      sort: { publishedAt: -1, _id: -1 },
      limit: 11,
    });
  });

  it("after a cursor: strictly older, or as old with a smaller id", () => {
    const after = encodeCursor({ publishedAt: AT, id: ID }, objectIdCodec);
    const query = pageQuery(resolvePageRequest({ first: 3, after }, objectIdCodec));
    assert.deepEqual(query.filter, { $or: [{ publishedAt: { $lt: AT } }, { publishedAt: AT, _id: { $lt: ID } }] });
    assert.deepEqual(query.sort, { publishedAt: -1, _id: -1 });
  });

  it("before a cursor: walks the other way (newer first found, reversed later)", () => {
    const before = encodeCursor({ publishedAt: AT, id: ID }, objectIdCodec);
    const query = pageQuery(resolvePageRequest({ last: 3, before }, objectIdCodec));
    assert.deepEqual(query.filter, { $or: [{ publishedAt: { $gt: AT } }, { publishedAt: AT, _id: { $gt: ID } }] });
    assert.deepEqual(query.sort, { publishedAt: 1, _id: 1 });
    assert.equal(query.limit, 4);
  });

  it("first: 0 still fetches one document, to answer hasNextPage (limit 0 would mean 'no limit')", () => {
    assert.equal(pageQuery(resolvePageRequest({ first: 0 }, objectIdCodec)).limit, 1);
  });
});

describe("toConnection", () => {
  const docs = [3, 2, 1].map((n) => ({ _id: `id${n}`, publishedAt: new Date(AT.getTime() + n * 1000) }));
  const node = (doc: { _id: string }) => doc._id;

  it("forward: the extra document only sets hasNextPage", () => {
    const page = toConnection(docs, resolvePageRequest({ first: 2 }, stringIdCodec), stringIdCodec, node);
    assert.deepEqual(
      page.edges.map((edge) => edge.node),
      ["id3", "id2"],
    );
    assert.deepEqual(page.pageInfo, {
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: page.edges[0]?.cursor,
      endCursor: page.edges[1]?.cursor,
    });
    assert.equal(decodeCursor(page.pageInfo.endCursor ?? "", stringIdCodec).id, "id2");
  });

  it("backward: fetched oldest first, returned newest first, extra sets hasPreviousPage", () => {
    const ascending = [...docs].reverse();
    const page = toConnection(ascending, resolvePageRequest({ last: 2 }, stringIdCodec), stringIdCodec, node);
    assert.deepEqual(
      page.edges.map((edge) => edge.node),
      ["id2", "id1"],
    );
    assert.equal(page.pageInfo.hasPreviousPage, true);
    assert.equal(page.pageInfo.hasNextPage, false);
  });

  it("an empty page has null cursors", () => {
    const page = toConnection([], resolvePageRequest({}, stringIdCodec), stringIdCodec, node);
    assert.deepEqual(page, {
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });
});
