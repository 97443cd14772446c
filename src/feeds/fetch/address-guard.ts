import { lookup as systemLookup } from "node:dns/promises";
import type { LookupFunction, Socket } from "node:net";

import { type AllowList, checkDestination } from "./allow-list.js";
import { FetchFailure, toFetchFailure } from "./fetch-failure.js";
import { hostOf, literalAddressOf, portOf } from "./url-policy.js";

/** One DNS answer. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses. Injectable, so a test can make `evil.test` resolve to 127.0.0.1. */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The default resolver: the system's getaddrinfo, every address, in the order it returns them. */
export const resolveWithSystemDns: ResolveHost = async (hostname) => {
  const answers = await systemLookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/**
 * The SSRF guard (RELIABILITY.md B1–B3), applied to the address the socket actually connects to,
 * not to an earlier separate lookup: the check sits inside the `lookup` hook that net.connect calls
 * when it opens the socket, so a DNS answer that changes between two lookups (rebinding) cannot
 * slip through. Literal IP hosts skip `lookup` in Node, so they are checked before the request.
 */
export interface AddressGuard {
  /** Throws BLOCKED_ADDRESS when the URL's host is a literal IP that may not be reached. */
  checkLiteral(url: URL): void;
  /** A `lookup` for http.request that resolves, then refuses the connection if any answer is blocked. */
  lookupFor(url: URL): LookupFunction;
  /** Re-checks the connected peer (defence in depth); returns the failure to destroy the socket with. */
  checkConnected(url: URL, socket: Socket): FetchFailure | null;
}

export function createAddressGuard(allowList: AllowList, resolve: ResolveHost): AddressGuard {
  const verdict = (url: URL, address: string, port: number): FetchFailure | null => {
    const result = checkDestination(address, port, allowList);
    return result.allowed
      ? null
      : new FetchFailure("BLOCKED_ADDRESS", url.href, `destination not allowed: ${result.reason}`);
  };

  return {
    checkLiteral(url) {
      const literal = literalAddressOf(url);
      const failure = literal === null ? null : verdict(url, literal, portOf(url));
      if (failure) throw failure;
    },

    lookupFor(url) {
      const port = portOf(url);
      return (hostname, options, callback) => {
        const all = options.all === true;
        const fail = (error: FetchFailure) => (all ? callback(error, []) : callback(error, "", 0));
        resolve(hostname).then(
          (answers) => {
            // Refuse when ANY answer is blocked: a name that mixes public and private addresses is hostile.
            const blocked = answers.map((answer) => verdict(url, answer.address, port)).find((failure) => failure);
            const usable = answers.filter((answer) => matchesFamily(answer, options.family));
            const first = usable[0];
            if (blocked) return fail(blocked);
            if (first === undefined) {
              return fail(new FetchFailure("DNS_FAILED", url.href, `no address for ${hostOf(url)}`));
            }
            return all ? callback(null, usable) : callback(null, first.address, first.family);
          },
          (error: unknown) => fail(toFetchFailure(error, url.href)),
        );
      };
    },

    checkConnected(url, socket) {
      const { remoteAddress, remotePort } = socket;
      if (remoteAddress === undefined || remotePort === undefined) {
        return new FetchFailure("NETWORK", url.href, "connected socket has no peer address");
      }
      return verdict(url, remoteAddress, remotePort);
    },
  };
}

function matchesFamily(answer: ResolvedAddress, family: number | string | undefined): boolean {
  if (family === 4 || family === "IPv4") return answer.family === 4;
  if (family === 6 || family === "IPv6") return answer.family === 6;
  return true;
}
