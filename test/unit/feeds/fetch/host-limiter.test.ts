import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createHostLimiter, type HostConcurrency } from "../../../../src/feeds/fetch/host-limiter.js";

describe("createHostLimiter", () => {
  const never = new AbortController().signal;

  it("B9: a third request to one host waits until a slot is released; other hosts don't wait", async () => {
    const seen: HostConcurrency[] = [];
    const limiter = createHostLimiter(2, (snapshot) => seen.push({ ...snapshot }));
    const first = await limiter.acquire("a:80", never);
    await limiter.acquire("a:80", never);
    let thirdGranted = false;
    const third = limiter.acquire("a:80", never).then((release) => {
      thirdGranted = true;
      return release;
    });
    await limiter.acquire("b:80", never);
    await Promise.resolve();
    assert.equal(thirdGranted, false);
    assert.deepEqual(
      limiter.stats().find((s) => s.host === "a:80"),
      { host: "a:80", inFlight: 2, waiting: 1, maxInFlight: 2 },
    );
    first();
    first(); // releasing twice frees one slot only
    (await third)();
    assert.equal(thirdGranted, true);
    assert.ok(seen.every((snapshot) => snapshot.inFlight <= 2));
    assert.deepEqual(
      limiter.stats().map((s) => [s.host, s.inFlight, s.maxInFlight]),
      [
        ["a:80", 1, 2],
        ["b:80", 1, 1],
      ],
    );
  });

  it("a waiter whose signal aborts leaves the queue with the signal's reason", async () => {
    const limiter = createHostLimiter(1);
    const release = await limiter.acquire("a:80", never);
    const controller = new AbortController();
    const waiting = limiter.acquire("a:80", controller.signal);
    controller.abort(new Error("shutdown"));
    await assert.rejects(waiting, /shutdown/);
    assert.equal(limiter.stats()[0]?.waiting, 0);
    release();
    assert.equal(limiter.stats()[0]?.inFlight, 0);
  });

  it("refuses a limit below 1", () => {
    assert.throws(() => createHostLimiter(0), /positive integer/);
  });
});
