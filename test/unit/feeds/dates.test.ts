/**
 * The one feed date parser (src/feeds/parse/dates.ts), on the formats feeds really use. Expected
 * values are UTC instants; null means "not a date" (never an Invalid Date).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseFeedDate } from "../../../src/feeds/parse/dates.js";

const table: [input: string | null | undefined, expected: string | null][] = [
  // RFC 822 / 1123 / 2822
  ["Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21.000Z"],
  ["Mon, 06 Sep 2021 16:45:00 +0000", "2021-09-06T16:45:00.000Z"],
  ["Mon, 06 Sep 2021 16:45:00 -0000", "2021-09-06T16:45:00.000Z"],
  ["Tue, 10 Jun 2003 04:00:00 +0100", "2003-06-10T03:00:00.000Z"],
  ["Tue, 10 Jun 2003 04:00:00 -0530", "2003-06-10T09:30:00.000Z"],
  ["Tue, 10 Jun 2003 04:00:00 +01:00", "2003-06-10T03:00:00.000Z"],
  ["Tue, 10 Jun 2003 04:00:00 +0100 (BST)", "2003-06-10T03:00:00.000Z"],
  ["Wed, 02 Oct 2002 08:00:00 EST", "2002-10-02T13:00:00.000Z"],
  ["Wed, 02 Oct 2002 08:00:00 EDT", "2002-10-02T12:00:00.000Z"],
  ["Wed, 02 Oct 2002 08:00:00 PST", "2002-10-02T16:00:00.000Z"],
  ["Wed, 02 Oct 2002 08:00:00 CEST", "2002-10-02T06:00:00.000Z"],
  ["Wed, 02 Oct 2002 08:00:00 UT", "2002-10-02T08:00:00.000Z"],
  ["Wed, 02 Oct 2002 08:00:00 Z", "2002-10-02T08:00:00.000Z"],
  ["Wed, 02 Oct 2002 08:00:00 GMT+2", "2002-10-02T06:00:00.000Z"],
  ["Wed, 02 Oct 2002 08:00:00 XYZ", "2002-10-02T08:00:00.000Z"], // unknown zone name: UTC, like Go
  ["Wed, 02 Oct 2002 08:00 GMT", "2002-10-02T08:00:00.000Z"], // no seconds
  ["02 Oct 2002 08:00:00 GMT", "2002-10-02T08:00:00.000Z"], // no day name
  ["Wed,02 Oct 2002 08:00:00 GMT", "2002-10-02T08:00:00.000Z"], // no space after the comma
  ["Wednesday, 02 October 2002 08:00:00 GMT", "2002-10-02T08:00:00.000Z"], // full names
  ["Wed, 2 Oct 2002 08:00:00 GMT", "2002-10-02T08:00:00.000Z"], // one-digit day
  ["Wed, 02 Sept 2002 08:00:00 GMT", "2002-09-02T08:00:00.000Z"],
  ["Wed, 02 oct 2002 08:00:00 gmt", "2002-10-02T08:00:00.000Z"], // lower case
  ["Wed, 02 Oct 02 08:00:00 GMT", "2002-10-02T08:00:00.000Z"], // two-digit year → 20xx
  ["Sun, 06 Nov 94 08:49:37 GMT", "1994-11-06T08:49:37.000Z"], // two-digit year ≥ 50 → 19xx
  ["Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37.000Z"], // RFC 850
  ["Wed, 02 Oct 2002", "2002-10-02T00:00:00.000Z"], // date only
  ["  Wed, 02 Oct 2002 08:00:00 GMT\n ", "2002-10-02T08:00:00.000Z"], // surrounding whitespace
  ["Wed, 31 Dec 2003 23:59:60 GMT", "2003-12-31T23:59:59.000Z"], // leap second
  // ISO 8601 / RFC 3339 / W3CDTF
  ["2003-12-31T10:14:55Z", "2003-12-31T10:14:55.000Z"],
  ["2003-12-31T10:14:55+01:00", "2003-12-31T09:14:55.000Z"],
  ["2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55.000Z"],
  ["2003-12-31T10:14:55.123Z", "2003-12-31T10:14:55.123Z"],
  ["2003-12-31T10:14:55.123456789+00:00", "2003-12-31T10:14:55.123Z"],
  ["2003-12-31T10:14:55,5Z", "2003-12-31T10:14:55.500Z"],
  ["2003-12-31T10:14:55", "2003-12-31T10:14:55.000Z"], // no zone: UTC
  ["2003-12-31T10:14Z", "2003-12-31T10:14:00.000Z"], // W3CDTF without seconds
  ["2003-12-31 10:14:55", "2003-12-31T10:14:55.000Z"], // space for T
  ["2003-12-31 10:14:55 +0200", "2003-12-31T08:14:55.000Z"],
  ["2003-12-31 10:14:55 GMT", "2003-12-31T10:14:55.000Z"],
  ["2003-12-31T10:14:55+0100", "2003-12-31T09:14:55.000Z"],
  ["2003-12-31T10:14:55+01", "2003-12-31T09:14:55.000Z"],
  ["20031231T101455Z", "2003-12-31T10:14:55.000Z"], // basic format
  ["20031231", "2003-12-31T00:00:00.000Z"],
  ["2003-12-31", "2003-12-31T00:00:00.000Z"], // W3CDTF partial dates
  ["2003-12", "2003-12-01T00:00:00.000Z"],
  ["2003", "2003-01-01T00:00:00.000Z"],
  ["2004-02-29T00:00:00Z", "2004-02-29T00:00:00.000Z"], // leap day
  ["2003-12-31T24:00:00Z", "2004-01-01T00:00:00.000Z"], // end of day
  // asctime and US style
  ["Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37.000Z"],
  ["Sun Nov 6 08:49:37 GMT 1994", "1994-11-06T08:49:37.000Z"],
  ["January 6, 2004", "2004-01-06T00:00:00.000Z"],
  ["January 6, 2004 10:00 PM", "2004-01-06T22:00:00.000Z"],
  ["Tuesday, January 6, 2004 12:30 am EST", "2004-01-06T05:30:00.000Z"],
  ["Jan 6 2004 10:00:00", "2004-01-06T10:00:00.000Z"],
  // junk
  [null, null],
  [undefined, null],
  ["", null],
  ["   ", null],
  ["N/A", null],
  ["unknown", null],
  ["0", null],
  ["yesterday", null],
  ["2004-02-30T00:00:00Z", null], // no such day
  ["2003-02-29", null],
  ["2003-13-01", null],
  ["2003-12-31T25:00:00Z", null],
  ["2003-12-31T10:61:00Z", null],
  ["Wed, 32 Oct 2002 08:00:00 GMT", null],
  ["Wed, 02 Foo 2002 08:00:00 GMT", null],
  ["1 Septembre 2002", null], // not English
  ["2003-12-31T10:14:55+25:00", null], // impossible offset
  ["<b>2003-12-31</b>", null],
  ["0000-01-01", null],
  ["12/31/2003", null], // ambiguous day/month order
  ["x".repeat(500), null],
];

describe("parseFeedDate", () => {
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} → ${String(expected)}`, () => {
      const parsed = parseFeedDate(input);
      assert.equal(parsed?.toISOString() ?? null, expected);
      if (parsed) assert.ok(!Number.isNaN(parsed.getTime()));
    });
  }
});
