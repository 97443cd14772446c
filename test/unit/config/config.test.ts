import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ConfigError, loadConfig } from "../../../src/config/config.js";

describe("loadConfig", () => {
  it("gives documented defaults and the embedded database when MONGODB_URI is unset", () => {
    const config = loadConfig({});
    assert.equal(config.http.port, 4000);
    assert.equal(config.http.host, "127.0.0.1");
    assert.equal(config.env, "development");
    assert.deepEqual(config.database, {
      kind: "embedded",
      dataDir: "data",
      port: 27117,
      name: "hypervisor_news",
      timeoutMs: 5000,
      socketTimeoutMs: 120_000,
    });
    assert.equal(config.jobsEnabled, true);
  });

  it("uses an external server when MONGODB_URI is set", () => {
    const config = loadConfig({ MONGODB_URI: "mongodb://db.example:27017/?appName=x", MONGODB_DB: "news" });
    assert.deepEqual(config.database, {
      kind: "external",
      uri: "mongodb://db.example:27017/?appName=x",
      name: "news",
      timeoutMs: 5000,
      socketTimeoutMs: 120_000,
    });
  });

  it("treats empty strings as unset", () => {
    assert.equal(loadConfig({ PORT: "", MONGODB_URI: "" }).database.kind, "embedded");
  });

  it("returns a frozen object", () => {
    const config = loadConfig({});
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.http));
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ["PORT not a number", { PORT: "abc" }, /PORT: expected a whole number \(got "abc"\)/],
    ["PORT out of range", { PORT: "70000" }, /PORT: expected a port from 0 to 65535/],
    [
      "MONGODB_URI scheme",
      { MONGODB_URI: "postgres://x" },
      /MONGODB_URI: expected a mongodb:\/\/ or mongodb\+srv:\/\//,
    ],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }, /LOG_LEVEL: expected one of fatal, error/],
    ["NODE_ENV", { NODE_ENV: "staging" }, /NODE_ENV: expected development, production or test/],
    ["JOBS_ENABLED", { JOBS_ENABLED: "maybe" }, /JOBS_ENABLED: expected true or false/],
    ["MONGODB_DB", { MONGODB_DB: "a/b" }, /MONGODB_DB: expected 1-63 letters/],
    ["SHUTDOWN_GRACE_MS", { SHUTDOWN_GRACE_MS: "0" }, /SHUTDOWN_GRACE_MS: expected at least 1 ms/],
  ];
  for (const [name, env, message] of bad) {
    it(`rejects ${name} with a message naming the variable`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  it("names every bad variable at once", () => {
    assert.throws(
      () => loadConfig({ PORT: "x", LOG_LEVEL: "y" }),
      (error: unknown) => error instanceof ConfigError && error.problems.length === 2,
    );
  });
});
