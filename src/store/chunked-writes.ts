import type { AnyBulkWriteOperation, Collection, Document } from "mongodb";

/**
 * FerretDB 1.24 never answers an `update` command of 100 or more statements (it keeps each
 * statement's SQLite cursor open until the command ends and runs out of connections; see
 * test/compat/FERRETDB.md). The driver sends a bulkWrite's consecutive updates as one command,
 * so writes that may be that many go through here, in commands of at most this many.
 */
export const MAX_WRITES_PER_COMMAND = 50;

/** An unordered bulkWrite split into commands of at most MAX_WRITES_PER_COMMAND operations. */
export async function bulkWriteInChunks<T extends Document>(
  collection: Collection<T>,
  writes: readonly AnyBulkWriteOperation<T>[],
): Promise<void> {
  for (let start = 0; start < writes.length; start += MAX_WRITES_PER_COMMAND) {
    await collection.bulkWrite(writes.slice(start, start + MAX_WRITES_PER_COMMAND), { ordered: false });
  }
}
