/**
 * A counting semaphore per host (host:port), so the aggregator never opens more than `limit`
 * requests at once to one server (RELIABILITY.md B9: don't flood other hosts). Waiters are served
 * in arrival order; a waiter whose signal aborts leaves the queue.
 */
export interface HostConcurrency {
  host: string;
  inFlight: number;
  waiting: number;
  /** The most requests this host ever had in flight at once (a benchmark asserts it never exceeds the limit). */
  maxInFlight: number;
}

/** Called whenever a host's in-flight count changes. */
export type HostConcurrencyListener = (snapshot: Readonly<HostConcurrency>) => void;

export interface HostLimiter {
  /** Resolves with a release function once a slot is free; rejects with the signal's reason on abort. */
  acquire(host: string, signal: AbortSignal): Promise<() => void>;
  stats(): HostConcurrency[];
}

interface HostState extends HostConcurrency {
  queue: (() => void)[];
}

export function createHostLimiter(limit: number, onChange?: HostConcurrencyListener): HostLimiter {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`per-host limit must be a positive integer, got ${limit}`);
  const hosts = new Map<string, HostState>();

  const stateOf = (host: string): HostState => {
    let state = hosts.get(host);
    if (!state) {
      state = { host, inFlight: 0, waiting: 0, maxInFlight: 0, queue: [] };
      hosts.set(host, state);
    }
    return state;
  };

  const report = (state: HostState) => {
    state.waiting = state.queue.length;
    onChange?.({ host: state.host, inFlight: state.inFlight, waiting: state.waiting, maxInFlight: state.maxInFlight });
  };

  const releaser = (state: HostState) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.queue.shift();
      if (next) {
        next(); // the slot passes straight to the next waiter: inFlight is unchanged
      } else {
        state.inFlight -= 1;
      }
      report(state);
    };
  };

  const take = (state: HostState) => {
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    report(state);
    return releaser(state);
  };

  const wait = (state: HostState, signal: AbortSignal) =>
    new Promise<() => void>((resolve, reject) => {
      const onAbort = () => {
        state.queue.splice(state.queue.indexOf(grant), 1);
        report(state);
        reject(abortReason(signal));
      };
      const grant = () => {
        signal.removeEventListener("abort", onAbort);
        resolve(releaser(state));
      };
      state.queue.push(grant);
      signal.addEventListener("abort", onAbort, { once: true });
      report(state);
    });

  return {
    acquire(host, signal) {
      if (signal.aborted) return Promise.reject(abortReason(signal));
      const state = stateOf(host);
      return state.inFlight < limit ? Promise.resolve(take(state)) : wait(state, signal);
    },
    stats: () =>
      [...hosts.values()].map(({ host, inFlight, waiting, maxInFlight }) => ({ host, inFlight, waiting, maxInFlight })),
  };
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error("aborted while waiting for a per-host slot");
}
