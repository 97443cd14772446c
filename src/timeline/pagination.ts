import { type Collection, type Filter, ObjectId, type Sort } from "mongodb";

/**
 * Relay cursor pagination over documents listed newest first: `publishedAt` descending, `_id`
 * descending as the tie-break, so the order is total and stable even when many items share a
 * timestamp. A cursor is the position of one item, so items inserted while a client pages (all
 * newer than what it has seen) never shift later pages: nothing is skipped or repeated.
 *
 * Sizes: default 20, maximum 100. Over 100 is refused (BAD_USER_INPUT), not clamped: a client
 * asking for 1000 learns the rule at once instead of silently getting a short page it may take
 * for the end of the list (GitHub's API does the same).
 */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MAX_CURSOR_LENGTH = 256;

/** A page request a client got wrong. Mapped to BAD_USER_INPUT at the GraphQL edge. */
export class PageRequestError extends Error {
  readonly code = "INVALID_PAGE_REQUEST";
  override readonly name = "PageRequestError";
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** How a collection's `_id` is written in a cursor and read back (null: not a valid id). */
export interface IdCodec<TId> {
  encode(id: TId): string;
  decode(text: string): TId | null;
}

export const objectIdCodec: IdCodec<ObjectId> = {
  encode: (id) => id.toHexString(),
  decode: (text) => (/^[0-9a-f]{24}$/.test(text) ? ObjectId.createFromHexString(text) : null),
};

export const stringIdCodec: IdCodec<string> = {
  encode: (id) => id,
  decode: (text) => (text.length > 0 && text.length <= 128 ? text : null),
};

export interface Position<TId> {
  publishedAt: Date;
  id: TId;
}

export interface PageRequest<TId> {
  direction: "forward" | "backward";
  size: number;
  cursor: Position<TId> | null;
}

export interface Edge<TNode> {
  cursor: string;
  node: TNode;
}

export interface Connection<TNode> {
  edges: Edge<TNode>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** What a paged document must have: the two sort keys. */
export interface PagedDoc<TId> {
  _id: TId;
  publishedAt: Date;
}

/** Opaque to clients, versioned for us: base64url of `{"v":1,"p":"<ISO date>","id":"<id>"}`. */
export function encodeCursor<TId>(position: Position<TId>, codec: IdCodec<TId>): string {
  const json = JSON.stringify({ v: 1, p: position.publishedAt.toISOString(), id: codec.encode(position.id) });
  return Buffer.from(json, "utf8").toString("base64url");
}

/** Reads a client-supplied cursor; anything but a cursor we issued is a PageRequestError. */
export function decodeCursor<TId>(cursor: string, codec: IdCodec<TId>, argument = "cursor"): Position<TId> {
  const invalid = () =>
    new PageRequestError(`\`${argument}\` is not a valid cursor: pass back a startCursor or endCursor unchanged.`);
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof value !== "object" || value === null) throw invalid();
  const { v, p, id } = value as Record<string, unknown>;
  if (v !== 1 || typeof p !== "string" || typeof id !== "string") throw invalid();
  const publishedAt = new Date(p);
  const decodedId = codec.decode(id);
  // Only the exact form encodeCursor writes: no other date syntax is accepted here.
  if (Number.isNaN(publishedAt.getTime()) || publishedAt.toISOString() !== p || decodedId === null) throw invalid();
  return { publishedAt, id: decodedId };
}

/** Checks the Relay arguments and settles direction, size and start position. */
export function resolvePageRequest<TId>(args: PageArgs, codec: IdCodec<TId>): PageRequest<TId> {
  const { first, after, last, before } = args;
  if (first != null && last != null) throw new PageRequestError("Pass `first` or `last`, not both.");
  if (after != null && before != null) throw new PageRequestError("Pass `after` or `before`, not both.");
  if ((first != null && before != null) || (last != null && after != null)) {
    throw new PageRequestError("Page forward with `first`/`after`, or backward with `last`/`before`.");
  }
  const backward = last != null || before != null;
  const size = (backward ? last : first) ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw new PageRequestError(`\`${backward ? "last" : "first"}\` must be 0 to ${MAX_PAGE_SIZE} (got ${size}).`);
  }
  const cursorText = backward ? before : after;
  const cursor = cursorText == null ? null : decodeCursor(cursorText, codec, backward ? "before" : "after");
  return { direction: backward ? "backward" : "forward", size, cursor };
}

/**
 * The query for one page: only items strictly past the cursor in the walking direction, sorted
 * that way, one more than the page size so the extra item answers "is there more?" without a count.
 */
export function pageQuery<TId>(request: PageRequest<TId>): {
  filter: Filter<PagedDoc<TId>>;
  sort: Sort;
  limit: number;
} {
  const forward = request.direction === "forward";
  const past = forward ? "$lt" : "$gt";
  const filter = request.cursor
    ? {
        $or: [
          { publishedAt: { [past]: request.cursor.publishedAt } },
          { publishedAt: request.cursor.publishedAt, _id: { [past]: request.cursor.id } },
        ],
      }
    : {};
  const order = forward ? -1 : 1;
  return { filter, sort: { publishedAt: order, _id: order }, limit: request.size + 1 };
}

/** Turns the `size + 1` documents a pageQuery fetched into the page, newest first either way. */
export function toConnection<TDoc extends PagedDoc<TId>, TId, TNode>(
  docs: readonly TDoc[],
  request: PageRequest<TId>,
  codec: IdCodec<TId>,
  toNode: (doc: TDoc) => TNode,
): Connection<TNode> {
  const more = docs.length > request.size;
  const page = docs.slice(0, request.size);
  if (request.direction === "backward") page.reverse();
  const edges = page.map((doc) => ({
    cursor: encodeCursor({ publishedAt: doc.publishedAt, id: doc._id }, codec),
    node: toNode(doc),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: request.direction === "forward" && more,
      hasPreviousPage: request.direction === "backward" && more,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * One page of `collection` within `filter`, in one `find` command (batchSize = limit, so no
 * getMore). Needs an index on `{publishedAt: -1, _id: -1}` (plus the filter's fields) to stay cheap.
 */
export async function findPage<TDoc extends PagedDoc<TId>, TId, TNode>(
  collection: Collection<TDoc>,
  filter: Filter<TDoc>,
  args: PageArgs,
  options: { codec: IdCodec<TId>; toNode: (doc: TDoc) => TNode },
): Promise<Connection<TNode>> {
  const request = resolvePageRequest(args, options.codec);
  const query = pageQuery(request);
  const where = request.cursor ? { $and: [filter, query.filter] } : filter;
  const docs = (await collection
    .find(where as Filter<TDoc>, { sort: query.sort, limit: query.limit, batchSize: query.limit })
    .toArray()) as TDoc[];
  return toConnection(docs, request, options.codec, options.toNode);
}
