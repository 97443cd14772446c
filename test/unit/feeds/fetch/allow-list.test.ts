import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { checkDestination, parseAllowList } from "../../../../src/feeds/fetch/allow-list.js";

describe("allow-list", () => {
  const list = parseAllowList(["127.0.0.1:8080", "[::1]:9090", "10.0.0.0/8", "fd00::/8", "192.168.1.5"]);
  const cases: [string, number, boolean][] = [
    ["127.0.0.1", 8080, true], // the one loopback endpoint
    ["::ffff:127.0.0.1", 8080, true], // same socket, IPv4-mapped
    ["127.0.0.1", 8081, false], // another port stays forbidden
    ["127.0.0.2", 8080, false],
    ["::1", 9090, true],
    ["::1", 8080, false],
    ["10.200.3.4", 443, true],
    ["::ffff:10.200.3.4", 443, true],
    ["11.0.0.1", 443, true], // public anyway
    ["fd00::1", 80, true],
    ["fc00::1", 80, false],
    ["192.168.1.5", 1, true],
    ["192.168.1.6", 80, false],
    ["169.254.169.254", 80, false],
  ];
  for (const [address, port, allowed] of cases) {
    it(`B1: ${address} port ${port} is ${allowed ? "allowed" : "refused"}`, () => {
      assert.equal(checkDestination(address, port, list).allowed, allowed);
    });
  }

  it("B1: with an empty list every special-purpose address is refused, with the reason", () => {
    const verdict = checkDestination("127.0.0.1", 80, parseAllowList([]));
    assert.deepEqual(verdict, { allowed: false, reason: "127.0.0.1 is loopback (127.0.0.0/8)" });
  });

  it("B1: an unparseable address is refused", () => {
    assert.equal(checkDestination("example.org", 80, parseAllowList([])).allowed, false);
  });

  for (const entry of ["localhost:80", "10.0.0.0/33", "nonsense", "127.0.0.1:0", "127.0.0.1:70000", "1.2.3.4/8/1"]) {
    it(`rejects the malformed entry "${entry}"`, () => {
      assert.throws(() => parseAllowList([entry]), /allow-list/);
    });
  }
});
