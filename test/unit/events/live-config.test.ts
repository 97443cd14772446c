import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ConfigError, loadConfig } from "../../../src/config/config.js";

/** The live-news settings of src/config/config.ts (issue 6). */
describe("live news configuration", () => {
  it("has defaults: no PUBLIC_URL (the listening address), 64 KiB frames, caps, 250 ms polls, 2000 events", () => {
    const config = loadConfig({});
    assert.equal(config.publicUrl, null);
    assert.deepEqual(config.ws, {
      allowedOrigins: [],
      maxPayloadBytes: 65_536,
      maxConnectionsPerIp: 20,
      maxOperationsPerConnection: 50,
    });
    assert.deepEqual(config.events, { pollIntervalMs: 250, retention: 2_000 });
  });

  it("reads PUBLIC_URL as an origin and the origin allow-list", () => {
    const config = loadConfig({
      PUBLIC_URL: "https://News.Example/",
      WS_ALLOWED_ORIGINS: "https://a.example, http://b.example:8080",
    });
    assert.equal(config.publicUrl, "https://news.example");
    assert.deepEqual(config.ws.allowedOrigins, ["https://a.example", "http://b.example:8080"]);
  });

  const invalid: [string, string][] = [
    ["PUBLIC_URL", "https://news.example/path"],
    ["PUBLIC_URL", "ftp://news.example"],
    ["WS_ALLOWED_ORIGINS", "https://a.example/x"],
    ["WS_ALLOWED_ORIGINS", "evil.test"],
    ["WS_MAX_PAYLOAD_BYTES", "0"],
    ["EVENT_BUS_POLL_MS", "fast"],
    ["EVENT_BUS_RETENTION", "-5"],
  ];
  for (const [name, value] of invalid) {
    it(`refuses ${name}=${value}`, () => {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (error) => error instanceof ConfigError && error.message.includes(name),
      );
    });
  }
});
