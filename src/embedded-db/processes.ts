import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, readFileSync } from "node:fs";
import { userInfo } from "node:os";

/**
 * Who the database processes run as. PostgreSQL refuses to run as root ("root" execution of the
 * PostgreSQL server is not permitted), so under root they run as the `postgres` account that
 * Debian's postgresql-common creates; otherwise as the current user.
 */
export interface ServiceUser {
  name: string;
  uid?: number;
  gid?: number;
}

export function serviceUser(): ServiceUser {
  const me = userInfo();
  if (me.uid !== 0) return { name: me.username };
  const account = lookupAccount("postgres");
  if (!account) {
    throw new Error(
      "running as root, but there is no `postgres` account to run PostgreSQL as " +
        "(PostgreSQL refuses root); install postgresql-15 or run as an ordinary user",
    );
  }
  return { name: "postgres", ...account };
}

function lookupAccount(name: string): { uid: number; gid: number } | null {
  // /etc/passwd lines: name:x:uid:gid:gecos:home:shell. No getpwnam in Node.
  try {
    for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
      const [user, , uid, gid] = line.split(":");
      if (user === name && uid && gid) return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    return null;
  }
  return null;
}

export interface CommandResult {
  code: number;
  output: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  user?: ServiceUser;
  /** Appends the command line and its output to this file (the build log). */
  logFile?: string;
  /** Data written to the command's stdin. */
  input?: string;
}

/** Runs a command to completion and collects its output; never throws for a non-zero exit. */
export async function runCommand(command: string, args: readonly string[], options: RunOptions = {}) {
  const log = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : null;
  log?.write(`\n$ ${command} ${args.join(" ")}\n`);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    uid: options.user?.uid,
    gid: options.user?.gid,
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    // Keep the tail only: a build prints megabytes, the log file has all of it.
    if (output.length > 64_000) output = output.slice(-32_000);
    log?.write(chunk);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  // A command that exits before reading its input closes the pipe: not an error of ours.
  child.stdin?.on("error", () => undefined);
  child.stdin?.end(options.input);
  const result = await new Promise<CommandResult>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
  if (log) await new Promise<void>((resolve) => log.end(resolve));
  return result;
}

/** Like runCommand, but a non-zero exit throws with the last lines of the output. */
export async function runChecked(command: string, args: readonly string[], options: RunOptions = {}) {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    throw new Error(`\`${command} ${args.join(" ")}\` failed (exit ${result.code}):\n${lastLines(result.output, 20)}`);
  }
  return result.output;
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}

/** Keeps the last lines a long-running child printed, for the message when it fails. */
export function tailOf(child: ChildProcess, keep = 30): () => string {
  const lines: string[] = [];
  const push = (chunk: Buffer) => {
    lines.push(...chunk.toString().split("\n").filter(Boolean));
    if (lines.length > keep) lines.splice(0, lines.length - keep);
  };
  child.stdout?.on("data", push);
  child.stderr?.on("data", push);
  return () => lines.join("\n");
}

/**
 * Spawns a long-running server that dies with this process: `setpriv --pdeathsig` asks the kernel
 * to send `deathSignal` when the parent exits, however it exits (SIGKILL included), so a killed
 * test run or service never leaves a database behind.
 */
export function spawnTethered(
  command: string,
  args: readonly string[],
  options: { user: ServiceUser; deathSignal: NodeJS.Signals; env?: NodeJS.ProcessEnv },
): ChildProcess {
  return spawn("setpriv", ["--pdeathsig", options.deathSignal, "--", command, ...args], {
    uid: options.user.uid,
    gid: options.user.gid,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Sends `signal`, escalates to SIGKILL after `graceMs`, and waits for the exit. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
