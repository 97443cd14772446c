/**
 * Shared helpers of the live-news tests: awaiting iterator items and socket messages with a
 * bound (a hang fails the test with a message instead of the runner's timeout), never sleeping.
 */

/** The next `count` items of an async iterator; rejects when `ms` pass first (a guard, not a timing check). */
export async function take<T>(iterator: AsyncIterator<T>, count: number, ms = 10_000): Promise<T[]> {
  const items: T[] = [];
  const deadline = guard(ms, () => `got ${items.length} of ${count} items`);
  try {
    while (items.length < count) {
      const result = await Promise.race([iterator.next(), deadline.promise]);
      if (result.done) throw new Error(`iterator ended after ${items.length} of ${count} items`);
      items.push(result.value);
    }
    return items;
  } finally {
    deadline.cancel();
  }
}

/** A promise that rejects after `ms` with `describe()`, unless cancelled. */
export function guard(ms: number, describe: () => string): { promise: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${describe()}`)), ms);
  });
  promise.catch(() => undefined);
  return { promise, cancel: () => clearTimeout(timer) };
}

/** Rejects with the iterator's error, or fails when it yields or ends cleanly instead. */
export async function iteratorError(iterator: AsyncIterator<unknown>, ms = 10_000): Promise<unknown> {
  const deadline = guard(ms, () => "no error");
  let result: IteratorResult<unknown>;
  try {
    result = await Promise.race([iterator.next(), deadline.promise]);
  } catch (error) {
    return error;
  } finally {
    deadline.cancel();
  }
  throw new Error(`expected an error, got ${result.done ? "the end" : "an item"}`);
}
