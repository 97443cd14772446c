import { bitsOf, type IpAddress, low32, parseIp } from "./ip-address.js";

/**
 * Which destinations the fetcher may connect to (SSRF guard, RELIABILITY.md B1–B3). Pure: the
 * fetcher calls it for every address DNS returns and for every address it connects to.
 *
 * Only globally reachable unicast is allowed; every special-purpose block of the IANA registries
 * (RFC 6890, and the RFCs that updated it) is refused, unless an allow-list entry says otherwise.
 */
export type AddressKind =
  | "public"
  | "unspecified"
  | "loopback"
  | "private"
  | "shared"
  | "link-local"
  | "multicast"
  | "broadcast"
  | "documentation"
  | "benchmarking"
  | "unique-local"
  | "reserved"
  | "invalid";

export interface AddressClassification {
  kind: AddressKind;
  /** The special-purpose block that matched, e.g. "10.0.0.0/8"; null for public or invalid. */
  range: string | null;
}

interface SpecialRange {
  cidr: string;
  kind: Exclude<AddressKind, "public" | "invalid">;
}

/** IANA IPv4 Special-Purpose Address Registry (RFC 6890 §2.2.2, RFC 6598, RFC 5737, RFC 2544). */
const IPV4_RANGES: readonly SpecialRange[] = [
  { cidr: "0.0.0.0/8", kind: "unspecified" }, // "this network", RFC 791 / RFC 1122 §3.2.1.3
  { cidr: "10.0.0.0/8", kind: "private" }, // RFC 1918
  { cidr: "100.64.0.0/10", kind: "shared" }, // carrier-grade NAT, RFC 6598
  { cidr: "127.0.0.0/8", kind: "loopback" }, // RFC 1122 §3.2.1.3
  { cidr: "169.254.0.0/16", kind: "link-local" }, // RFC 3927 (cloud metadata lives here)
  { cidr: "172.16.0.0/12", kind: "private" }, // RFC 1918
  { cidr: "192.0.0.0/24", kind: "reserved" }, // IETF protocol assignments, RFC 6890
  { cidr: "192.0.2.0/24", kind: "documentation" }, // TEST-NET-1, RFC 5737
  { cidr: "192.88.99.0/24", kind: "reserved" }, // 6to4 relay anycast, deprecated by RFC 7526
  { cidr: "192.168.0.0/16", kind: "private" }, // RFC 1918
  { cidr: "198.18.0.0/15", kind: "benchmarking" }, // RFC 2544
  { cidr: "198.51.100.0/24", kind: "documentation" }, // TEST-NET-2, RFC 5737
  { cidr: "203.0.113.0/24", kind: "documentation" }, // TEST-NET-3, RFC 5737
  { cidr: "224.0.0.0/4", kind: "multicast" }, // RFC 5771
  { cidr: "255.255.255.255/32", kind: "broadcast" }, // limited broadcast, RFC 919; listed before 240/4
  { cidr: "240.0.0.0/4", kind: "reserved" }, // future use, RFC 1112 §4
];

/** IANA IPv6 Special-Purpose Address Registry (RFC 6890 §2.2.3 and updates), minus the embedding forms. */
const IPV6_RANGES: readonly SpecialRange[] = [
  { cidr: "::/128", kind: "unspecified" }, // RFC 4291 §2.5.2
  { cidr: "::1/128", kind: "loopback" }, // RFC 4291 §2.5.3
  { cidr: "::/96", kind: "reserved" }, // deprecated IPv4-compatible, RFC 4291 §2.5.5.1
  { cidr: "64:ff9b:1::/48", kind: "reserved" }, // local-use NAT64, RFC 8215: a private network's prefix
  { cidr: "100::/64", kind: "reserved" }, // discard-only, RFC 6666
  { cidr: "2001:db8::/32", kind: "documentation" }, // RFC 3849
  { cidr: "2001::/23", kind: "reserved" }, // IETF protocol assignments incl. Teredo, RFC 2928 / RFC 4380
  { cidr: "3fff::/20", kind: "documentation" }, // RFC 9637
  { cidr: "5f00::/16", kind: "reserved" }, // SRv6 SIDs, RFC 9602
  { cidr: "fc00::/7", kind: "unique-local" }, // ULA, RFC 4193
  { cidr: "fe80::/10", kind: "link-local" }, // RFC 4291 §2.5.6
  { cidr: "fec0::/10", kind: "reserved" }, // deprecated site-local, RFC 3879
  { cidr: "ff00::/8", kind: "multicast" }, // RFC 4291 §2.7
];

/**
 * IPv6 forms that carry an IPv4 address: the packet really goes to (or via) that IPv4 address, so
 * it is classified as that address (::ffff:127.0.0.1 is loopback).
 */
const IPV6_EMBEDDINGS: readonly { cidr: string; extract: (address: IpAddress) => IpAddress }[] = [
  { cidr: "::ffff:0:0/96", extract: low32 }, // IPv4-mapped, RFC 4291 §2.5.5.2
  { cidr: "::ffff:0:0:0/96", extract: low32 }, // IPv4-translated (SIIT), RFC 2765 §2.1
  { cidr: "64:ff9b::/96", extract: low32 }, // NAT64 well-known prefix, RFC 6052 §2.1
  { cidr: "2002::/16", extract: (address) => ({ version: 4, value: (address.value >> 80n) & 0xffffffffn }) }, // 6to4, RFC 3056
];

/** Global unicast (RFC 4291 §2.4, IANA IPv6 Address Space): anything outside it is not a web server. */
const IPV6_GLOBAL_UNICAST = "2000::/3";

interface Cidr {
  base: IpAddress;
  prefix: number;
}

/** Parses "10.0.0.0/8", "fc00::/7", or a bare address (a /32 or /128). Returns null when malformed. */
export function parseCidr(text: string): Cidr | null {
  const [addressText = "", prefixText, extra] = text.trim().split("/");
  const base = parseIp(addressText);
  if (base === null || extra !== undefined) return null;
  const maxPrefix = Number(bitsOf(base.version));
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText ?? "0") || prefix > maxPrefix) return null;
  return { base, prefix };
}

export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  if (cidr.base.version !== address.version) return false;
  const shift = bitsOf(address.version) - BigInt(cidr.prefix);
  return address.value >> shift === cidr.base.value >> shift;
}

function compileRanges<T extends { cidr: string }>(ranges: readonly T[]): (T & { parsed: Cidr })[] {
  return ranges.map((range) => {
    const parsed = parseCidr(range.cidr);
    if (parsed === null) throw new Error(`address-policy: bad built-in range ${range.cidr}`);
    return { ...range, parsed };
  });
}

const V4 = compileRanges(IPV4_RANGES);
const V6 = compileRanges(IPV6_RANGES);
const EMBEDDED = compileRanges(IPV6_EMBEDDINGS);
const GLOBAL_UNICAST = compileRanges([{ cidr: IPV6_GLOBAL_UNICAST }])[0];

/** Classifies an address given as text (as DNS or a URL hostname gives it). Unparseable text is "invalid". */
export function classifyAddress(text: string): AddressClassification {
  const address = parseIp(text);
  return address === null ? { kind: "invalid", range: null } : classifyIp(address);
}

export function classifyIp(address: IpAddress): AddressClassification {
  if (address.version === 4) {
    const match = V4.find((range) => cidrContains(range.parsed, address));
    return match ? { kind: match.kind, range: match.cidr } : { kind: "public", range: null };
  }
  const embedding = EMBEDDED.find((range) => cidrContains(range.parsed, address));
  if (embedding) {
    const inner = classifyIp(embedding.extract(address));
    return inner.kind === "public" ? inner : { kind: inner.kind, range: `${embedding.cidr} → ${inner.range}` };
  }
  const match = V6.find((range) => cidrContains(range.parsed, address));
  if (match) return { kind: match.kind, range: match.cidr };
  if (GLOBAL_UNICAST && !cidrContains(GLOBAL_UNICAST.parsed, address)) {
    return { kind: "reserved", range: `outside ${IPV6_GLOBAL_UNICAST}` };
  }
  return { kind: "public", range: null };
}
