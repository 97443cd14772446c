import assert from "node:assert/strict";
import { describe, it } from "node:test";

import type { GraphQLResolveInfo } from "graphql";

import { createApiKeyVerifier, hashApiKey, roleSatisfies } from "../../../src/auth/api-keys.js";
import { authenticate, type RequestHeaders } from "../../../src/auth/authenticate.js";
import { ConfigError, loadConfig } from "../../../src/config/config.js";
import { authChecker } from "../../../src/graphql/auth-checker.js";
import type { GraphQLContext } from "../../../src/graphql/context.js";
import { ForbiddenError, UnauthenticatedError } from "../../../src/graphql/errors.js";
import { createLogger } from "../../../src/log/logger.js";

const EDITOR_KEY = "k-editor-123";
const ADMIN_KEY = "k-admin-456";
const verify = createApiKeyVerifier([
  { name: "ci", role: "editor", sha256: hashApiKey(EDITOR_KEY) },
  { name: "ops", role: "admin", sha256: hashApiKey(ADMIN_KEY) },
]);

describe("API key verification", () => {
  it("hashes keys as lowercase hex SHA-256 (what scripts/hash-api-key.ts prints)", () => {
    assert.equal(hashApiKey("secret-key"), "85dbe15d75ef9308c7ae0f33c7a324cc6f4bf519a2ed2f3027bd33c140a4f9aa");
  });

  it("finds the caller of a configured key and nobody for anything else", () => {
    assert.deepEqual(verify(EDITOR_KEY), { name: "ci", role: "editor" });
    assert.deepEqual(verify(ADMIN_KEY), { name: "ops", role: "admin" });
    for (const wrong of ["", "k-editor-12", "k-editor-1234", EDITOR_KEY.toUpperCase(), hashApiKey(EDITOR_KEY)]) {
      assert.equal(verify(wrong), null, wrong);
    }
  });

  it("ranks roles: admin satisfies editor, not the reverse", () => {
    assert.equal(roleSatisfies("admin", "editor"), true);
    assert.equal(roleSatisfies("admin", "admin"), true);
    assert.equal(roleSatisfies("editor", "editor"), true);
    assert.equal(roleSatisfies("editor", "admin"), false);
  });
});

describe("authenticate", () => {
  const open = { verify, requireKey: false };
  const closed = { verify, requireKey: true };
  const table: [label: string, RequestHeaders, policy: typeof open, expected: unknown][] = [
    ["no credentials, queries open", {}, open, { ok: true, caller: null }],
    ["no credentials, key required", {}, closed, { ok: false, reason: "key-required" }],
    [
      "Bearer key",
      { authorization: `Bearer ${EDITOR_KEY}` },
      closed,
      { ok: true, caller: { name: "ci", role: "editor" } },
    ],
    ["x-api-key", { "x-api-key": ADMIN_KEY }, open, { ok: true, caller: { name: "ops", role: "admin" } }],
    [
      "Authorization wins over x-api-key",
      { authorization: `Bearer ${ADMIN_KEY}`, "x-api-key": EDITOR_KEY },
      open,
      { ok: true, caller: { name: "ops", role: "admin" } },
    ],
    ["unknown key", { authorization: "Bearer nope" }, open, { ok: false, reason: "invalid-key" }],
    ["Basic scheme", { authorization: "Basic dXNlcjpwYXNz" }, open, { ok: false, reason: "malformed-credentials" }],
    [
      "Bearer with two words",
      { authorization: `Bearer ${EDITOR_KEY} extra` },
      open,
      { ok: false, reason: "malformed-credentials" },
    ],
    ["empty Bearer", { authorization: "Bearer " }, open, { ok: false, reason: "malformed-credentials" }],
    ["control characters", { "x-api-key": "a\u0000b" }, open, { ok: false, reason: "malformed-credentials" }],
    ["a 10 kB key", { "x-api-key": "k".repeat(10_000) }, open, { ok: false, reason: "malformed-credentials" }],
    ["repeated header", { "x-api-key": [EDITOR_KEY, ADMIN_KEY] }, open, { ok: false, reason: "malformed-credentials" }],
  ];
  for (const [label, headers, policy, expected] of table) {
    it(label, () => assert.deepEqual(authenticate(headers, policy), expected));
  }
});

describe("authChecker (@Authorized)", () => {
  const info = { parentType: { name: "Mutation" }, fieldName: "addFeed" } as unknown as GraphQLResolveInfo;
  const check = (caller: GraphQLContext["caller"], roles: string[]) =>
    authChecker(
      { root: {}, args: {}, info, context: { requestId: "r", logger: createLogger("silent"), caller } },
      roles as never,
    );

  it("lets a caller whose role reaches one of the roles through", () => {
    assert.equal(check({ name: "ci", role: "editor" }, ["editor"]), true);
    assert.equal(check({ name: "ops", role: "admin" }, ["editor"]), true);
    assert.equal(check({ name: "ops", role: "admin" }, ["admin"]), true);
    assert.equal(check({ name: "ci", role: "editor" }, []), true);
  });

  it("UNAUTHENTICATED without a caller, FORBIDDEN when the role is too low", () => {
    assert.throws(() => check(null, ["editor"]), UnauthenticatedError);
    assert.throws(() => check(null, []), UnauthenticatedError);
    assert.throws(
      () => check({ name: "ci", role: "editor" }, ["admin"]),
      (error: unknown) => {
        assert.ok(error instanceof ForbiddenError);
        assert.equal(error.extensions["code"], "FORBIDDEN");
        return true;
      },
    );
  });

  it("fails loudly on a role name the service does not know (a decorator typo)", () => {
    assert.throws(() => check({ name: "ops", role: "admin" }, ["editr"]), /Mutation\.addFeed: unknown role "editr"/);
  });
});

describe("configuration: API_KEYS, API_REQUIRE_KEY_FOR_QUERIES, PLAYGROUND_ENABLED", () => {
  const hash = hashApiKey(EDITOR_KEY);
  const other = hashApiKey(ADMIN_KEY);

  it("defaults: no keys, queries open, playground on except in production", () => {
    const config = loadConfig({});
    assert.deepEqual(config.api, { keys: [], requireKeyForQueries: false });
    assert.equal(config.playgroundEnabled, true);
    assert.equal(loadConfig({ NODE_ENV: "production" }).playgroundEnabled, false);
    assert.equal(loadConfig({ NODE_ENV: "production", PLAYGROUND_ENABLED: "true" }).playgroundEnabled, true);
    assert.equal(loadConfig({ PLAYGROUND_ENABLED: "false" }).playgroundEnabled, false);
  });

  it("parses name:role:sha256 entries, trimming spaces and lowercasing hashes", () => {
    const config = loadConfig({ API_KEYS: ` ci:editor:${hash.toUpperCase()} , ops:admin:${other}` });
    assert.deepEqual(config.api.keys, [
      { name: "ci", role: "editor", sha256: hash },
      { name: "ops", role: "admin", sha256: other },
    ]);
    assert.ok(Object.isFrozen(config.api.keys[0]));
  });

  const bad: [label: string, env: Record<string, string>, message: RegExp][] = [
    [
      "a raw key instead of a hash",
      { API_KEYS: `ci:editor:${EDITOR_KEY}` },
      /entry 1: expected the 64-hex-digit SHA-256/,
    ],
    ["an unknown role", { API_KEYS: `ci:owner:${hash}` }, /entry 1: role must be one of editor, admin/],
    ["a missing part", { API_KEYS: `ci:${hash}` }, /entry 1: /],
    ["an extra part", { API_KEYS: `ci:editor:${hash}:x` }, /entry 1: expected name:role:sha256hex/],
    ["a bad name", { API_KEYS: `c i:editor:${hash}` }, /entry 1: expected name:role:sha256hex/],
    ["a duplicate name", { API_KEYS: `ci:editor:${hash},ci:admin:${other}` }, /entry 2: duplicate name or key/],
    ["a duplicate key", { API_KEYS: `ci:editor:${hash},ops:admin:${hash}` }, /entry 2: duplicate name or key/],
    [
      "keys required but none configured",
      { API_REQUIRE_KEY_FOR_QUERIES: "true" },
      /API_REQUIRE_KEY_FOR_QUERIES: true needs at least one key/,
    ],
    ["PLAYGROUND_ENABLED not a boolean", { PLAYGROUND_ENABLED: "sure" }, /PLAYGROUND_ENABLED: expected true or false/],
  ];
  for (const [label, env, message] of bad) {
    it(`rejects ${label}`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    });
  }

  it("never echoes API_KEYS in its error (a pasted raw key must not reach a log)", () => {
    assert.throws(
      () => loadConfig({ API_KEYS: `ci:editor:${EDITOR_KEY}` }),
      (error: unknown) => error instanceof ConfigError && !error.message.includes(EDITOR_KEY),
    );
  });
});
