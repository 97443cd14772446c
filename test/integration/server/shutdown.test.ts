import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
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

async function waitUntilGone(pid: number, attempts = 100): Promise<boolean> {
  for (let attempt = 0; attempt < attempts && isAlive(pid); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

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
    it(`D9: ${signal} stops the service with exit 0 and stops its embedded FerretDB`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "hng-shutdown-"));
      dirs.push(dataDir);
      const service = spawnService({ PORT: "0", DATA_DIR: dataDir, EMBEDDED_DB_PORT: "0" });
      const started = await service.waitForLog((line) => line.msg === "database: embedded FerretDB started");
      const listening = await service.waitForLog((line) => line.msg === "http: listening");
      assert.equal((await fetch(`${String(listening["url"])}/readyz`)).status, 200);

      service.child.kill(signal);
      assert.equal(await service.exited, 0, service.stderr());
      assert.ok(service.logs.some((line) => line.msg === "shutdown: complete"));
      assert.equal(isAlive(Number(started["pid"])), false, "FerretDB is gone");
    });
  }

  it("a killed service (SIGKILL, no cleanup) still leaves no FerretDB behind", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "hng-kill-"));
    dirs.push(dataDir);
    const service = spawnService({ PORT: "0", DATA_DIR: dataDir, EMBEDDED_DB_PORT: "0" });
    const started = await service.waitForLog((line) => line.msg === "database: embedded FerretDB started");
    await service.waitForLog((line) => line.msg === "http: listening");
    service.child.kill("SIGKILL");
    await service.exited;
    assert.ok(await waitUntilGone(Number(started["pid"])), "FerretDB exits once its parent's pipe closes");
  });
});
