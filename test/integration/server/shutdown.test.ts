import assert from "node:assert/strict";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";

import { startTestApp } from "../../helpers/app.js";
import { isAlive, spawnService } from "../../helpers/service-process.js";

/** Handles that would keep a process alive after shutdown. */
function openHandles(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((type) => ["TCPSocketWrap", "TCPServerWrap", "ProcessWrap", "PipeWrap"].includes(type));
}

/** Closed sockets leave the handle list a few event-loop turns later; wait for that, boundedly. */
async function settledHandles(expected: string[], attempts = 50): Promise<string[]> {
  let handles = openHandles();
  for (let attempt = 0; attempt < attempts && handles.length > expected.length; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    handles = openHandles();
  }
  return handles;
}

async function waitUntilGone(pids: number[], attempts = 100): Promise<boolean> {
  for (let attempt = 0; attempt < attempts && pids.some(isAlive); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !pids.some(isAlive);
}

/** A data folder the database account can enter (PostgreSQL runs as `postgres` under root). */
async function dataFolder(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

const EMBEDDED_STARTED = "database: embedded DocumentDB started";
const serverPids = (line: Record<string, unknown>) => [Number(line["gatewayPid"]), Number(line["postgresPid"])];

describe("graceful shutdown", () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("D9: app.stop() leaves no open socket, server or child process behind", async () => {
    const before = openHandles();
    const app = await startTestApp({ dbName: "shutdown_inproc" });
    const response = await fetch(`${app.url}/readyz`, { headers: { connection: "keep-alive" } });
    assert.equal(response.status, 200);
    await app.database.db.dropDatabase();
    await app.stop();
    assert.deepEqual(await settledHandles(before), before);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`D9: ${signal} stops the service with exit 0 and stops its embedded DocumentDB`, async () => {
      const dataDir = await dataFolder("hng-shutdown-");
      dirs.push(dataDir);
      const service = spawnService({ PORT: "0", DATA_DIR: dataDir, EMBEDDED_DB_PORT: "0" });
      const started = await service.waitForLog((line) => line.msg === EMBEDDED_STARTED);
      const listening = await service.waitForLog((line) => line.msg === "http: listening");
      assert.equal((await fetch(`${String(listening["url"])}/readyz`)).status, 200);

      service.child.kill(signal);
      assert.equal(await service.exited, 0, service.stderr());
      assert.ok(service.logs.some((line) => line.msg === "shutdown: complete"));
      assert.deepEqual(serverPids(started).map(isAlive), [false, false], "the gateway and PostgreSQL are gone");
    });
  }

  it("a killed service (SIGKILL, no cleanup) leaves no database behind, and its data starts again", async () => {
    const dataDir = await dataFolder("hng-kill-");
    dirs.push(dataDir);
    const service = spawnService({ PORT: "0", DATA_DIR: dataDir, EMBEDDED_DB_PORT: "0" });
    const started = await service.waitForLog((line) => line.msg === EMBEDDED_STARTED);
    await service.waitForLog((line) => line.msg === "http: listening");
    service.child.kill("SIGKILL");
    await service.exited;
    assert.ok(await waitUntilGone(serverPids(started)), "both servers get their parent-death signal");

    const again = spawnService({ PORT: "0", DATA_DIR: dataDir, EMBEDDED_DB_PORT: "0" });
    const listening = await again.waitForLog((line) => line.msg === "http: listening");
    assert.equal((await fetch(`${String(listening["url"])}/readyz`)).status, 200, "the same data starts again");
    again.child.kill("SIGTERM");
    assert.equal(await again.exited, 0, again.stderr());
  });
});
