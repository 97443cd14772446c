import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { testServerUri } from "../../helpers/mongo.js";
import { spawnService } from "../../helpers/service-process.js";

describe("service start-up", () => {
  it("stops with exit 1 and a message naming the bad variable", async () => {
    const service = spawnService({ PORT: "not-a-port", MONGODB_URI: testServerUri() });
    assert.equal(await service.exited, 1);
    assert.match(service.stderr(), /Invalid configuration:\n {2}- PORT: expected a whole number \(got "not-a-port"\)/);
    assert.equal(service.logs.length, 0, "nothing was started");
  });

  it("fails with a clear error when MONGODB_URI points at no server", async () => {
    const service = spawnService({ PORT: "0", MONGODB_URI: "mongodb://127.0.0.1:1", MONGODB_TIMEOUT_MS: "300" });
    assert.equal(await service.exited, 1);
    const fatal = service.logs.find((line) => line["level"] === "fatal");
    assert.match(String(fatal?.msg), /start-up failed: cannot reach the database at mongodb:\/\/127\.0\.0\.1:1/);
  });

  it("uses the server MONGODB_URI names and starts no embedded database", async () => {
    const service = spawnService({ PORT: "0", MONGODB_URI: testServerUri(), MONGODB_DB: "startup_external" });
    const listening = await service.waitForLog((line) => line.msg === "http: listening");
    const response = await fetch(`${String(listening["url"])}/readyz`);
    assert.equal(response.status, 200);
    assert.ok(!service.logs.some((line) => /embedded FerretDB/.test(String(line.msg))));
    service.child.kill("SIGTERM");
    assert.equal(await service.exited, 0);
  });
});
