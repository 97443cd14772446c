import { isIPv4, isIPv6 } from "node:net";

/**
 * An IP address as a number, so ranges can be compared with shifts. IPv4 is 32 bits, IPv6 128.
 * Pure: no DNS, no sockets.
 */
export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

const IPV4_BITS = 32n;
const IPV6_BITS = 128n;

export function bitsOf(version: 4 | 6): bigint {
  return version === 4 ? IPV4_BITS : IPV6_BITS;
}

/**
 * Parses a canonical dotted-quad IPv4 address. Odd spellings ("2130706433", "0x7f.1", "127.1",
 * "0177.0.0.1") are refused here on purpose: URL parsing (WHATWG URL, host parser) already turns
 * them into dotted quads, and DNS answers are always dotted quads, so anything else is not an address.
 */
export function parseIpv4(text: string): IpAddress | null {
  if (!isIPv4(text)) return null;
  const parts = text.split(".");
  if (parts.some((part) => part.length > 1 && part.startsWith("0"))) return null;
  const value = parts.reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  return { version: 4, value };
}

/** Parses an IPv6 address (RFC 4291 §2.2 text forms, with "::" and a dotted IPv4 tail); drops a zone id. */
export function parseIpv6(text: string): IpAddress | null {
  const withoutZone = text.replace(/%.*$/, "");
  if (!isIPv6(withoutZone)) return null;
  const groups = expandIpv6Groups(withoutZone);
  if (groups === null) return null;
  const value = groups.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
  return { version: 6, value };
}

/** Parses an IPv4 or IPv6 address; accepts the bracketed "[::1]" form that URL hostnames use. */
export function parseIp(text: string): IpAddress | null {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  return parseIpv4(bare) ?? parseIpv6(bare);
}

/** Rewrites a dotted IPv4 tail ("::ffff:127.0.0.1") as two hex groups ("::ffff:7f00:1"). */
function replaceDottedTail(text: string): string | null {
  const match = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) return text;
  const v4 = parseIpv4(match[2]);
  if (v4 === null) return null;
  return `${match[1]}${(v4.value >> 16n).toString(16)}:${(v4.value & 0xffffn).toString(16)}`;
}

function expandIpv6Groups(text: string): number[] | null {
  const body = replaceDottedTail(text);
  if (body === null) return null;
  const toGroups = (part: string) => (part === "" ? [] : part.split(":").map((group) => parseInt(group, 16)));
  const halves = body.split("::");
  const head = toGroups(halves[0] ?? "");
  const rest = halves.length > 1 ? toGroups(halves[1] ?? "") : [];
  const missing = 8 - head.length - rest.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...rest];
}

/** The IPv4 address carried in the low 32 bits of an IPv6 address (mapped, NAT64 forms). */
export function low32(address: IpAddress): IpAddress {
  return { version: 4, value: address.value & 0xffffffffn };
}

/** Formats an address in its usual text form (dotted quad, or RFC 5952 compressed IPv6). */
export function formatIp(address: IpAddress): string {
  if (address.version === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((address.value >> shift) & 0xffn)).join(".");
  }
  const groups = [...Array(8).keys()].map((i) => Number((address.value >> BigInt((7 - i) * 16)) & 0xffffn));
  const run = longestZeroRun(groups);
  const hex = (part: number[]) => part.map((group) => group.toString(16)).join(":");
  if (run.length < 2) return hex(groups);
  return `${hex(groups.slice(0, run.start))}::${hex(groups.slice(run.start + run.length))}`;
}

/** RFC 5952 §4.2.3: the longest run of zero groups (the first one on a tie) is shortened to "::". */
function longestZeroRun(groups: number[]): { start: number; length: number } {
  let best = { start: 0, length: 0 };
  let start = -1;
  groups.forEach((group, i) => {
    if (group !== 0) {
      start = -1;
      return;
    }
    if (start < 0) start = i;
    if (i - start + 1 > best.length) best = { start, length: i - start + 1 };
  });
  return best;
}
