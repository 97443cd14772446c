/**
 * Group commit: writes submitted while a flush is in flight wait and go out together in the
 * next one, so N concurrent callers cost about one command instead of N. On FerretDB 1.24 this
 * matters twice over: every command is its own SQLite transaction, and concurrent writers
 * contend for SQLite's single write lock (50 parallel inserts took ~100 ms, one insertMany of
 * the same 50 documents ~2 ms; test/compat/FERRETDB.md). A lone caller waits for nothing.
 */
export type Submit<T, R> = (item: T) => Promise<R>;

/** One item's outcome in a flush: its result, or the error only this item gets. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * `flush` receives at most `maxBatch` items and returns one outcome per item, in order. If it
 * throws, every item of that batch is rejected with the error.
 */
export function groupCommit<T, R>(flush: (items: T[]) => Promise<Outcome<R>[]>, maxBatch: number): Submit<T, R> {
  const queue: Pending<T, R>[] = [];
  let flushing = false;

  const drain = async (): Promise<void> => {
    flushing = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const outcomes = await flush(batch.map((pending) => pending.item));
        batch.forEach((pending, index) => {
          const outcome = outcomes[index];
          if (outcome === undefined) pending.reject(new Error("group commit: no outcome for this item"));
          else if (outcome.ok) pending.resolve(outcome.value);
          else pending.reject(outcome.error);
        });
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    flushing = false;
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!flushing) void drain();
    });
}

/**
 * One group commit per owner (a `Db`: the writes of one database handle batch together),
 * created on first use and dropped with its owner.
 */
export function groupCommitPer<K extends object, T, R>(
  flush: (owner: K, items: T[]) => Promise<Outcome<R>[]>,
  maxBatch: number,
): (owner: K) => Submit<T, R> {
  const submits = new WeakMap<K, Submit<T, R>>();
  return (owner) => {
    let submit = submits.get(owner);
    if (!submit) {
      submit = groupCommit((items: T[]) => flush(owner, items), maxBatch);
      submits.set(owner, submit);
    }
    return submit;
  };
}
