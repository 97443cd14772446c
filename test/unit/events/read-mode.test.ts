import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Long } from "mongodb";

import { readModeFromReply } from "../../../src/store/event-bus.js";

/**
 * The tailable/polling decision (test/compat/FERRETDB.md): a tailable awaitData find whose first
 * batch reached the end of the data. The MongoDB path cannot run here (no MongoDB server in the
 * test run), so its reply shape is checked as a value; the FerretDB path also runs end to end in
 * test/integration/live/event-bus.test.ts.
 */
describe("event bus read-mode detection", () => {
  const table: [string, unknown, "tail" | "poll"][] = [
    [
      "MongoDB: a live cursor id (Long)",
      { cursor: { id: Long.fromString("7134020591734261871"), firstBatch: [{}] }, ok: 1 },
      "tail",
    ],
    ["MongoDB: a live cursor id (number, promoted)", { cursor: { id: 2478492698, firstBatch: [] }, ok: 1 }, "tail"],
    ["MongoDB: a bigint cursor id", { cursor: { id: 12n } }, "tail"],
    [
      "FerretDB 1.24: cursor closed at the end of the data",
      { cursor: { firstBatch: [{}], id: 0, ns: "db.event_bus" }, ok: 1 },
      "poll",
    ],
    ["a Long zero", { cursor: { id: Long.ZERO } }, "poll"],
    ["no cursor at all", { ok: 1 }, "poll"],
    ["a cursor without id", { cursor: {} }, "poll"],
    ["not an object", "tailable", "poll"],
    ["null", null, "poll"],
  ];
  for (const [name, reply, mode] of table) {
    it(`${name} → ${mode}`, () => assert.equal(readModeFromReply(reply), mode));
  }
});
