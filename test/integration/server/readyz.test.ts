import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import type { App } from "../../../src/app.js";
import { ensureEmbeddedDbInstalled, type Installation } from "../../../src/embedded-db/install.js";
import { type EmbeddedDb, startEmbeddedDb } from "../../../src/embedded-db/server.js";
import { startTestApp } from "../../helpers/app.js";

/** Asks /readyz until it gives `status`, at most `attempts` times (the driver reconnects on its own schedule). */
async function readyzUntil(url: string, status: number, attempts = 60): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${url}/readyz`);
    if (response.status === status || attempt === attempts) return response;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("/readyz follows the database", () => {
  let dataDir: string;
  let installation: Installation;
  let db: EmbeddedDb;
  let app: App;

  before(async () => {
    installation = await ensureEmbeddedDbInstalled();
    dataDir = await mkdtemp(join(tmpdir(), "hng-readyz-"));
    db = await startEmbeddedDb({ installation, dataDir, port: 0 });
    app = await startTestApp({ uri: db.uri, dbName: "readyz" });
  });
  after(async () => {
    await app.stop();
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("is 200 with the database up, 503 with a reason when it stops, and 200 again when it is back", async () => {
    const up = await fetch(`${app.url}/readyz`);
    assert.equal(up.status, 200);
    assert.equal(((await up.json()) as { status: string }).status, "ready");

    await db.stop();
    const down = await readyzUntil(app.url, 503);
    assert.equal(down.status, 503);
    const body = (await down.json()) as { status: string; database: { status: string; reason: string } };
    assert.equal(body.status, "not ready");
    assert.equal(body.database.status, "down");
    assert.ok(body.database.reason.length > 0, "the reason is given");

    db = await startEmbeddedDb({ installation, dataDir, port: db.port });
    assert.equal((await readyzUntil(app.url, 200)).status, 200);
  });

  it("keeps /healthz at 200 whatever the database does", async () => {
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });
});
