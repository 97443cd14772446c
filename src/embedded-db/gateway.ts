import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createConnection } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { ownBy } from "./postgres-cluster.js";
import { runChecked, type ServiceUser, spawnTethered, stopChild, tailOf } from "./processes.js";

export interface RunningGateway {
  port: number;
  pid: number;
  /** Resolves when the gateway exits for any reason. */
  exited: Promise<void>;
  stop(graceMs: number): Promise<void>;
}

export interface GatewayOptions {
  binary: string;
  /** Holds the setup file and the TLS pair. */
  dir: string;
  socketDir: string;
  user: ServiceUser;
  port: number;
  startTimeoutMs: number;
}

/**
 * Starts pg_documentdb_gw on 127.0.0.1:`port`, talking to PostgreSQL through `socketDir`.
 * The setup file's keys are the gateway's `DocumentDBSetupConfiguration` (PascalCase). TLS is not
 * enforced on loopback, but a release build refuses to start without a certificate, so a
 * self-signed pair is made once per data folder.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { dir, user } = options;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await ownBy(dir, user);
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  if (!existsSync(cert) || !existsSync(key)) await makeSelfSignedPair(cert, key, user);
  const setupFile = join(dir, "setup.json");
  const setup = {
    NodeHostName: "localhost",
    ApplicationName: "hng-embedded-gateway",
    BlockedRolePrefixes: ["documentdb", "citus", "pg", "internal_role"],
    PostgresHostName: options.socketDir,
    PostgresPort: 5432,
    PostgresSystemUser: user.name,
    GatewayListenPort: options.port,
    UseLocalHost: true,
    EnforceSslTcp: false,
    CertificateOptions: { CertType: "pem_file", FilePath: cert, KeyFilePath: key },
  };
  await writeFile(setupFile, JSON.stringify(setup, null, 2), { mode: 0o600 });
  await ownBy(setupFile, user);

  const child = spawnTethered(options.binary, [setupFile], { user, deathSignal: "SIGKILL" });
  // The gateway logs every request at info level; keep only a tail for error messages.
  const tail = tailOf(child, 40);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await waitForListener(child, options.port, options.startTimeoutMs, tail);
  } catch (error) {
    await stopChild(child, "SIGKILL", 1_000);
    throw error;
  }
  return {
    port: options.port,
    pid: child.pid ?? 0,
    exited,
    stop: (graceMs) => stopChild(child, "SIGTERM", graceMs),
  };
}

async function makeSelfSignedPair(cert: string, key: string, user: ServiceUser): Promise<void> {
  const args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "3650"];
  await runChecked("openssl", [...args, "-keyout", key, "-out", cert], { user });
}

async function waitForListener(child: ChildProcess, port: number, timeoutMs: number, tail: () => string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the DocumentDB gateway exited at start (code ${child.exitCode}):\n${tail()}`);
    }
    if (await canConnect(port)) return;
    if (Date.now() > deadline) {
      throw new Error(`the DocumentDB gateway did not listen within ${timeoutMs} ms:\n${tail()}`);
    }
    await sleep(50);
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
