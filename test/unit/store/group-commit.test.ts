import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { groupCommit, type Outcome } from "../../../src/store/group-commit.js";

/** A flush that records its batches and answers each item with its double, when released. */
function recordingFlush() {
  const batches: number[][] = [];
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  return {
    batches,
    hold() {
      gate = new Promise<void>((resolve) => (release = resolve));
    },
    release: () => release(),
    flush: async (items: number[]): Promise<Outcome<number>[]> => {
      batches.push(items);
      await gate;
      return items.map((item) => ({ ok: true, value: item * 2 }));
    },
  };
}

describe("groupCommit", () => {
  it("sends a lone item at once, and items arriving during a flush together in the next", async () => {
    const recorder = recordingFlush();
    const submit = groupCommit(recorder.flush, 10);
    recorder.hold();
    const first = submit(1);
    const rest = [submit(2), submit(3), submit(4)];
    assert.deepEqual(recorder.batches, [[1]], "the first item did not wait for company");
    recorder.release();
    assert.deepEqual(await Promise.all([first, ...rest]), [2, 4, 6, 8]);
    assert.deepEqual(recorder.batches, [[1], [2, 3, 4]]);
  });

  it("never puts more than maxBatch items in one flush", async () => {
    const recorder = recordingFlush();
    const submit = groupCommit(recorder.flush, 2);
    recorder.hold();
    const results = [1, 2, 3, 4, 5].map((item) => submit(item));
    recorder.release();
    assert.deepEqual(await Promise.all(results), [2, 4, 6, 8, 10]);
    assert.deepEqual(recorder.batches, [[1], [2, 3], [4, 5]]);
  });

  it("rejects only the item whose outcome is an error", async () => {
    const submit = groupCommit(
      async (items: string[]) =>
        items.map((item): Outcome<string> =>
          item === "bad" ? { ok: false, error: new Error(item) } : { ok: true, value: item },
        ),
      10,
    );
    const results = await Promise.allSettled([submit("a"), submit("bad"), submit("c")]);
    assert.deepEqual(
      results.map((result) => result.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
  });

  it("rejects the whole batch when the flush throws, and goes on with the next one", async () => {
    let calls = 0;
    const submit = groupCommit(async (items: number[]) => {
      calls += 1;
      if (calls === 2) throw new Error("database went away");
      return items.map((item): Outcome<number> => ({ ok: true, value: item }));
    }, 10);
    const first = submit(1);
    const failing = [submit(2), submit(3)];
    assert.equal(await first, 1);
    for (const result of await Promise.allSettled(failing)) {
      if (result.status === "fulfilled") assert.fail("an item of the failed batch was fulfilled");
      else assert.match(String(result.reason), /database went away/);
    }
    assert.equal(await submit(4), 4, "a failed flush does not wedge the queue");
  });
});
