import { FetchFailure } from "./fetch-failure.js";

/**
 * One overall deadline for a fetch (B5): a single timer, started once, that is NOT reset by
 * incoming bytes, so a server trickling one byte every 2 s is still cut off. Unlike undici's
 * headersTimeout/bodyTimeout (idle timers), it covers connect, redirects, headers and body.
 * The caller's signal (shutdown, a run deadline) aborts it too. The signal's reason is the
 * FetchFailure to report.
 */
export interface Deadline {
  signal: AbortSignal;
  /** Starts the timer (once the fetch holds its first per-host slot); later calls do nothing. */
  start(): void;
  /** Clears the timer and detaches from the caller's signal. */
  dispose(): void;
}

export function createDeadline(url: string, timeoutMs: number, caller: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onCallerAbort = () => controller.abort(callerFailure(url, caller?.reason));
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener("abort", onCallerAbort, { once: true });

  return {
    signal: controller.signal,
    start() {
      if (timer !== undefined || controller.signal.aborted) return;
      timer = setTimeout(() => {
        controller.abort(new FetchFailure("TIMEOUT", url, `no complete response within ${timeoutMs} ms`));
      }, timeoutMs);
    },
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCallerAbort);
    },
  };
}

/** A caller's own timeout (AbortSignal.timeout) is reported as TIMEOUT; any other abort as NETWORK. */
function callerFailure(url: string, reason: unknown): FetchFailure {
  if (reason instanceof FetchFailure) return reason;
  if (reason instanceof Error && reason.name === "TimeoutError") {
    return new FetchFailure("TIMEOUT", url, "the caller's deadline passed");
  }
  return new FetchFailure("NETWORK", url, "request aborted by the caller");
}
