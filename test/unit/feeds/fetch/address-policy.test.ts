import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { type AddressKind, classifyAddress } from "../../../../src/feeds/fetch/address-policy.js";

/** RFC 6890 and its updates, one row per block edge. Only "public" may be fetched. */
const IPV4_TABLE: [string, AddressKind][] = [
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["9.255.255.255", "public"],
  ["10.0.0.0", "private"],
  ["10.255.255.255", "private"],
  ["11.0.0.0", "public"],
  ["100.63.255.255", "public"],
  ["100.64.0.0", "shared"],
  ["100.127.255.255", "shared"],
  ["100.128.0.0", "public"],
  ["127.0.0.1", "loopback"],
  ["127.0.0.2", "loopback"],
  ["127.255.255.254", "loopback"],
  ["169.254.0.1", "link-local"],
  ["169.254.169.254", "link-local"],
  ["172.15.255.255", "public"],
  ["172.16.0.0", "private"],
  ["172.31.255.255", "private"],
  ["172.32.0.0", "public"],
  ["192.0.0.8", "reserved"],
  ["192.0.2.1", "documentation"],
  ["192.88.99.1", "reserved"],
  ["192.167.255.255", "public"],
  ["192.168.0.1", "private"],
  ["192.168.255.255", "private"],
  ["192.169.0.0", "public"],
  ["198.17.255.255", "public"],
  ["198.18.0.1", "benchmarking"],
  ["198.19.255.255", "benchmarking"],
  ["198.20.0.0", "public"],
  ["198.51.100.7", "documentation"],
  ["203.0.113.9", "documentation"],
  ["223.255.255.255", "public"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.254", "reserved"],
  ["255.255.255.255", "broadcast"],
  ["1.1.1.1", "public"],
  ["8.8.8.8", "public"],
];

const IPV6_TABLE: [string, AddressKind][] = [
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback"],
  ["::2", "reserved"], // IPv4-compatible block
  ["::127.0.0.1", "reserved"],
  ["::8.8.8.8", "reserved"],
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["0:0:0:0:0:ffff:7f00:1", "loopback"],
  ["::ffff:10.0.0.1", "private"],
  ["::ffff:169.254.169.254", "link-local"],
  ["::ffff:0.0.0.0", "unspecified"],
  ["::ffff:8.8.8.8", "public"],
  ["::ffff:0:127.0.0.1", "loopback"], // SIIT IPv4-translated
  ["64:ff9b::127.0.0.1", "loopback"], // NAT64 well-known prefix
  ["64:ff9b::7f00:1", "loopback"],
  ["64:ff9b::10.1.2.3", "private"],
  ["64:ff9b::100.64.0.1", "shared"],
  ["64:ff9b::8.8.8.8", "public"],
  ["64:ff9b:1::a00:1", "reserved"], // local-use NAT64
  ["2002:7f00:1::", "loopback"], // 6to4 of 127.0.0.1
  ["2002:a00:1::1", "private"],
  ["2002:808:808::1", "public"],
  ["100::1", "reserved"],
  ["2001::1", "reserved"], // Teredo
  ["2001:db8::1", "documentation"],
  ["3fff::1", "documentation"],
  ["5f00::1", "reserved"],
  ["fc00::1", "unique-local"],
  ["fd12:3456:789a::1", "unique-local"],
  ["fe80::1", "link-local"],
  ["fe80::1%eth0", "link-local"],
  ["febf:ffff::1", "link-local"],
  ["fec0::1", "reserved"],
  ["ff02::1", "multicast"],
  ["ff0e::1", "multicast"],
  ["4000::1", "reserved"], // outside global unicast 2000::/3
  ["2001:4860:4860::8888", "public"],
  ["2606:4700:4700::1111", "public"],
];

/** Not addresses: odd spellings must be normalised by URL parsing first, never guessed here. */
const INVALID = [
  "",
  "localhost",
  "127.1",
  "2130706433",
  "0x7f.0.0.1",
  "0177.0.0.1",
  "1.2.3.4.5",
  "256.0.0.1",
  "::g",
  "1::2::3",
];

describe("classifyAddress", () => {
  for (const [address, kind] of [...IPV4_TABLE, ...IPV6_TABLE]) {
    it(`B1: ${address} is ${kind}`, () => {
      assert.equal(classifyAddress(address).kind, kind);
    });
  }

  for (const address of INVALID) {
    it(`B1: "${address}" is not an address`, () => {
      assert.deepEqual(classifyAddress(address), { kind: "invalid", range: null });
    });
  }

  it("names the block, and the embedded one for mapped forms", () => {
    assert.equal(classifyAddress("10.1.2.3").range, "10.0.0.0/8");
    assert.equal(classifyAddress("::ffff:127.0.0.1").range, "::ffff:0:0/96 → 127.0.0.0/8");
    assert.equal(classifyAddress("8.8.8.8").range, null);
  });

  it("accepts the bracketed form URL hostnames use", () => {
    assert.equal(classifyAddress("[::1]").kind, "loopback");
  });
});
