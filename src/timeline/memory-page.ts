import {
  type Connection,
  type PageArgs,
  pageQuery,
  resolvePageRequest,
  stringIdCodec,
  toConnection,
} from "./pagination.js";

/** An item of a list small enough to page in memory, at its place in the order. */
export interface PlacedItem<TNode> {
  /** The sort date: newest first. */
  publishedAt: Date;
  /** The tie-break: unique, compared as text, descending. */
  _id: string;
  node: TNode;
}

/**
 * Relay paging over an in-memory list, with the same order, cursors and rules as findPage:
 * (date desc, id desc), opaque position cursors, default 20, max 100. For the small catalog
 * lists (events, feeds) and for merging events into the timeline.
 */
export function pageInMemory<TNode>(items: readonly PlacedItem<TNode>[], args: PageArgs): Connection<TNode> {
  const request = resolvePageRequest(args, stringIdCodec);
  const query = pageQuery(request);
  const forward = request.direction === "forward";
  const cursor = request.cursor;
  const past = (item: PlacedItem<TNode>) => {
    if (!cursor) return true;
    const order = compare(item, cursor.publishedAt, cursor.id);
    return forward ? order < 0 : order > 0;
  };
  const sorted = items.filter(past).sort((a, b) => compare(b, a.publishedAt, a._id));
  if (!forward) sorted.reverse();
  return toConnection(sorted.slice(0, query.limit), request, stringIdCodec, (item) => item.node);
}

/** <0 when `item` is older than (date, id) in the list order, >0 when newer, 0 when it is that item. */
function compare(item: { publishedAt: Date; _id: string }, date: Date, id: string): number {
  const byDate = item.publishedAt.getTime() - date.getTime();
  if (byDate !== 0) return byDate;
  return item._id < id ? -1 : item._id > id ? 1 : 0;
}
