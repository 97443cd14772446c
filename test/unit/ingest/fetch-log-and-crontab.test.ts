import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { crontab } from "../../../jobs/crontab.js";
import type { FetchLogEntry } from "../../../src/model/feed.js";
import { appendFetchLog, decodeFetchLog, FETCH_LOG_LIMIT } from "../../../src/store/fetch-log.js";

const line = (minute: number): FetchLogEntry => ({
  at: new Date(Date.UTC(2026, 2, 1, 12, minute)),
  outcome: minute % 2 === 0 ? "ok" : "failed",
  status: minute % 2 === 0 ? 200 : null,
  bytes: 1234,
  durationMs: 56,
  errorCode: minute % 2 === 0 ? null : "TIMEOUT",
  itemsNew: 3,
  itemsUpdated: 1,
});

describe("fetch log", () => {
  it("round-trips its entries and keeps only the newest", () => {
    let log: string[] = [];
    for (let minute = 0; minute < FETCH_LOG_LIMIT + 5; minute += 1) log = appendFetchLog(log, line(minute));
    const decoded = decodeFetchLog(log);
    assert.equal(decoded.length, FETCH_LOG_LIMIT);
    assert.deepEqual(decoded[0], line(5));
    assert.deepEqual(decoded.at(-1), line(FETCH_LOG_LIMIT + 4));
  });

  it("skips lines that do not decode", () => {
    assert.deepEqual(
      decodeFetchLog([
        "not json",
        "{}",
        '{"at":"nope","outcome":"ok"}',
        JSON.stringify({ ...line(2), at: line(2).at.toISOString() }),
      ]),
      [line(2)],
    );
  });
});

describe("crontab", () => {
  it("has an ingest row only when the ingest job is given", async () => {
    assert.deepEqual(crontab({}), []);
    const run = async () => "ran";
    const rows = crontab({ ingest: { schedule: "*/5 * * * *", run } });
    assert.deepEqual(
      rows.map((row) => [row.name, row.schedule]),
      [["ingest-feeds", "*/5 * * * *"]],
    );
    assert.equal(await rows[0]!.run(), "ran");
  });
});
