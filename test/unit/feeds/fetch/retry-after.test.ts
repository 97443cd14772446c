import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseRetryAfter } from "../../../../src/feeds/fetch/retry-after.js";

describe("parseRetryAfter (RFC 9110 §10.2.3)", () => {
  const now = new Date("2026-10-21T07:00:00.000Z");
  const cases: [string | null | undefined, string | null][] = [
    ["30", "2026-10-21T07:00:30.000Z"],
    ["0", "2026-10-21T07:00:00.000Z"],
    [" 120 ", "2026-10-21T07:02:00.000Z"],
    ["Wed, 21 Oct 2026 07:28:00 GMT", "2026-10-21T07:28:00.000Z"], // IMF-fixdate
    ["Wednesday, 21-Oct-26 07:28:00 GMT", "2026-10-21T07:28:00.000Z"], // obsolete RFC 850
    ["Wed Oct 21 07:28:00 2026", "2026-10-21T07:28:00.000Z"], // asctime, always UTC
    ["Tue, 20 Oct 2026 07:28:00 GMT", "2026-10-21T07:00:00.000Z"], // past: now
    ["-5", null],
    ["1.5", null],
    ["soon", null],
    ["2026-10-21T07:28:00Z", null], // ISO 8601 is not an HTTP-date
    ["", null],
    [null, null],
    [undefined, null],
  ];
  for (const [value, expected] of cases) {
    it(`B9: ${JSON.stringify(value)} → ${expected ?? "null"}`, () => {
      assert.equal(parseRetryAfter(value, now)?.toISOString() ?? null, expected);
    });
  }

  it("B9: a delay too large for a Date is clamped to the latest Date", () => {
    assert.equal(parseRetryAfter("9".repeat(30), now)?.getTime(), 8.64e15);
  });
});
