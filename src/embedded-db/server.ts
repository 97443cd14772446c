import { type ChildProcess, type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

/** A running FerretDB child process. */
export interface EmbeddedDb {
  /** mongodb:// URI of the running server. */
  readonly uri: string;
  readonly port: number;
  readonly pid: number;
  /** Stops the server (SIGTERM, then SIGKILL after `graceMs`) and waits for it to exit. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  binary: string;
  dataDir: string;
  /** 0 picks a free port; the chosen one is in the result. */
  port: number;
  host?: string;
  startTimeoutMs?: number;
}

/** Thrown when FerretDB does not come up; the message carries its last output lines. */
export class EmbeddedDbStartError extends Error {
  readonly code = "EMBEDDED_DB_START_FAILED";
}

/**
 * Starts FerretDB (SQLite backend) on `dataDir` and resolves once it listens. The child's
 * stdin is a pipe it watches: if this process dies without calling stop(), the pipe closes
 * and FerretDB exits on its own, so no server is left behind.
 */
export async function startEmbeddedDb(options: StartOptions): Promise<EmbeddedDb> {
  const host = options.host ?? "127.0.0.1";
  const child = spawn(
    options.binary,
    ["--listen-addr", `${host}:${options.port}`, "--data-dir", options.dataDir, "--exit-on-stdin-eof"],
    { stdio: "pipe" },
  );
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr }).on("line", (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
  });

  const uri = await waitForReadyLine(child, options.startTimeoutMs ?? 30_000, stderrTail);
  const port = Number(new URL(uri).port);
  return {
    uri: uri.replace(/\/$/, ""),
    port,
    pid: child.pid!,
    stop: (graceMs = 5_000) => stopChild(child, graceMs),
  };
}

function waitForReadyLine(
  child: ChildProcessWithoutNullStreams,
  timeoutMs: number,
  stderrTail: string[],
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new EmbeddedDbStartError(`FerretDB did not start: ${reason}\n${stderrTail.join("\n")}`.trim()));
    };
    const timer = setTimeout(() => fail(`no ready line within ${timeoutMs} ms`), timeoutMs);
    child.once("error", (error) => fail(error.message));
    child.once("exit", (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const match = /^ready (mongodb:\/\/\S+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve(match[1]!);
      }
    });
  });
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  child.stdin?.destroy();
}
