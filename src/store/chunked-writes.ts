import type { AnyBulkWriteOperation, Collection, Document } from "mongodb";

/**
 * FerretDB 1.24 never answers an `update` command of 100 or more statements (it keeps each
 * statement's SQLite cursor open until the command ends and runs out of connections; see
 * test/compat/FERRETDB.md). The driver sends a bulkWrite's consecutive updates as one command,
 * so writes that may be that many go through here, in commands of at most this many.
 */
export const MAX_WRITES_PER_COMMAND = 50;

/** The counts of a bulkWrite, summed over its commands. */
export interface ChunkedWriteResult {
  insertedCount: number;
  matchedCount: number;
  modifiedCount: number;
  upsertedCount: number;
  /** The `_id` of each upserted document, by its index in `writes`. */
  upsertedIds: Map<number, unknown>;
}

/** An unordered bulkWrite split into commands of at most MAX_WRITES_PER_COMMAND operations. */
export async function bulkWriteInChunks<T extends Document>(
  collection: Collection<T>,
  writes: readonly AnyBulkWriteOperation<T>[],
): Promise<ChunkedWriteResult> {
  const total: ChunkedWriteResult = {
    insertedCount: 0,
    matchedCount: 0,
    modifiedCount: 0,
    upsertedCount: 0,
    upsertedIds: new Map(),
  };
  for (let start = 0; start < writes.length; start += MAX_WRITES_PER_COMMAND) {
    const result = await collection.bulkWrite(writes.slice(start, start + MAX_WRITES_PER_COMMAND), {
      ordered: false,
    });
    total.insertedCount += result.insertedCount;
    total.matchedCount += result.matchedCount;
    total.modifiedCount += result.modifiedCount;
    total.upsertedCount += result.upsertedCount;
    for (const [index, id] of Object.entries(result.upsertedIds)) total.upsertedIds.set(start + Number(index), id);
  }
  return total;
}
