import { cidrContains, classifyIp, parseCidr } from "./address-policy.js";
import { formatIp, type IpAddress, parseIp } from "./ip-address.js";

/**
 * Exceptions to the SSRF guard, from configuration. Two entry forms:
 * - a CIDR or a bare address ("10.20.0.0/16", "fd00::/8", "192.168.1.5"): any port on it;
 * - an address and port ("127.0.0.1:8080", "[::1]:8080"): that one endpoint only. Tests use this to
 *   allow exactly their loopback fixture server and nothing else on the machine.
 * Host names are not accepted: the check runs on the address actually connected (B3).
 */
export interface AllowList {
  ranges: { base: IpAddress; prefix: number }[];
  endpoints: { address: IpAddress; port: number }[];
}

/** Parses allow-list entries; throws on a malformed entry (a configuration error, found at startup). */
export function parseAllowList(entries: readonly string[]): AllowList {
  const list: AllowList = { ranges: [], endpoints: [] };
  for (const entry of entries) {
    const endpoint = parseEndpoint(entry.trim());
    if (endpoint) {
      list.endpoints.push(endpoint);
      continue;
    }
    const range = parseCidr(entry);
    if (range === null) {
      throw new Error(`fetcher allow-list: "${entry}" is neither a CIDR, an address, nor address:port`);
    }
    list.ranges.push(range);
  }
  return list;
}

function parseEndpoint(text: string): { address: IpAddress; port: number } | null {
  const match = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:/]+):(\d{1,5})$/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) return null;
  const address = parseIp(match[1]);
  const port = Number(match[2]);
  if (address === null || port < 1 || port > 65535) return null;
  return { address: unmapped(address), port };
}

function unmapped(address: IpAddress): IpAddress {
  // ::ffff:a.b.c.d is the same socket as a.b.c.d (RFC 4291 §2.5.5.2), so compare them as IPv4.
  const isMapped = address.version === 6 && address.value >> 32n === 0xffffn;
  return isMapped ? { version: 4, value: address.value & 0xffffffffn } : address;
}

function isAllowListed(list: AllowList, address: IpAddress, port: number): boolean {
  const plain = unmapped(address);
  const sameAddress = (other: IpAddress) => other.version === plain.version && other.value === plain.value;
  return (
    list.endpoints.some((endpoint) => endpoint.port === port && sameAddress(endpoint.address)) ||
    list.ranges.some((range) => cidrContains(range, plain) || cidrContains(range, address))
  );
}

export type DestinationVerdict = { allowed: true } | { allowed: false; reason: string };

/**
 * The one question the fetcher asks, for an address (from DNS or a literal) and the port it will
 * connect to: may it connect? The reason names the address and the special-purpose block.
 */
export function checkDestination(addressText: string, port: number, list: AllowList): DestinationVerdict {
  const address = parseIp(addressText);
  if (address === null) return { allowed: false, reason: `"${addressText}" is not an IP address` };
  if (isAllowListed(list, address, port)) return { allowed: true };
  const { kind, range } = classifyIp(address);
  if (kind === "public") return { allowed: true };
  return { allowed: false, reason: `${formatIp(address)} is ${kind} (${range ?? "not routable"})` };
}
