import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";

import type { App } from "../../../src/app.js";
import { hashApiKey } from "../../../src/auth/api-keys.js";
import { startTestApp } from "../../helpers/app.js";
import {
  ARTICLE_ADDED,
  connect,
  nextFor,
  openSocket,
  subscribe,
  type TestSocket,
  UpgradeRefused,
  wsUrl,
} from "./ws-client.js";

const EDITOR_KEY = "ws-editor-key-0001";
const ALLOWED = "https://dashboard.example";

function errorCodes(payload: unknown): unknown[] {
  const errors = Array.isArray(payload) ? payload : ((payload as { errors?: unknown[] }).errors ?? []);
  return errors.map((error) => (error as { extensions?: { code?: unknown } }).extensions?.code);
}

describe("WebSocket transport: handshake, auth and limits (A8-A10)", () => {
  const dbName = `ws_sec_${randomBytes(4).toString("hex")}`;
  let app: App;
  let url: string;
  const sockets: TestSocket[] = [];
  const track = (socket: TestSocket) => (sockets.push(socket), socket);
  before(async () => {
    app = await startTestApp({
      dbName,
      env: {
        NODE_ENV: "production",
        API_KEYS: `editor:editor:${hashApiKey(EDITOR_KEY)}`,
        WS_ALLOWED_ORIGINS: ALLOWED,
        WS_MAX_CONNECTIONS_PER_IP: "6",
        WS_MAX_OPERATIONS_PER_CONNECTION: "2",
      },
    });
    url = wsUrl(app.url);
  });
  after(async () => {
    for (const socket of sockets) await socket.close();
    await app.database.db.dropDatabase();
    await app.stop();
  });

  const closeCodes: [name: string, steps: (socket: TestSocket) => void, code: number][] = [
    ["4401: subscribe before connection_init", (s) => subscribe(s, "1", ARTICLE_ADDED), 4401],
    [
      "4403: a wrong API key in connectionParams",
      (s) => s.send({ type: "connection_init", payload: { authorization: "Bearer nope" } }),
      4403,
    ],
    ["4403: malformed credentials", (s) => s.send({ type: "connection_init", payload: { "x-api-key": 42 } }), 4403],
    ["4400: a message that is not the protocol", (s) => s.send({ type: "hello" }), 4400],
    ["4400: not JSON at all", (s) => s.send("{{{"), 4400],
    [
      "1009: a frame over the 64 KiB maxPayload",
      (s) => s.send({ type: "connection_init", payload: { pad: "x".repeat(2 * 1024 * 1024) } }),
      1009,
    ],
  ];
  for (const [name, steps, code] of closeCodes) {
    it(name, async () => {
      const socket = track(await openSocket(url));
      steps(socket);
      assert.equal((await socket.closed).code, code);
    });
  }

  it("4429: a second connection_init", async () => {
    const socket = track(await connect(url));
    socket.send({ type: "connection_init" });
    assert.equal((await socket.closed).code, 4429);
  });

  it("4408: no connection_init within 3 s", async () => {
    const socket = track(await openSocket(url));
    assert.equal((await socket.closed).code, 4408);
  });

  it("4406: no graphql-transport-ws subprotocol; the legacy `graphql-ws` one is never selected", async () => {
    const socket = track(await openSocket(url, { protocol: "" }));
    assert.equal((await socket.closed).code, 4406);
    // The server does not agree to the legacy protocol (Strawberry CVE-2026-35523: no init-less path).
    await assert.rejects(openSocket(url, { protocol: "graphql-ws" }), /Server sent no subprotocol/);
  });

  it("checks the Origin on the upgrade: none (CLI) and listed ones pass, others get 403", async () => {
    track(await connect(url, {}, {}));
    track(await connect(url, {}, { origin: ALLOWED }));
    await assert.rejects(openSocket(url, { origin: "http://evil.test", headers: { cookie: "session=1" } }), (error) => {
      assert.ok(error instanceof UpgradeRefused);
      assert.equal(error.status, 403);
      return true;
    });
  });

  it("A8: the HTTP limits apply: depth, aliases, introspection in production; nothing subscribes", async () => {
    const socket = track(await connect(url));
    const before = app.bus.subscriberCount;
    const hop = (inner: string) => `hypervisors { vendors { vendor { ${inner} } } }`;
    const deep = `subscription { articleAdded { article { ${hop(hop("hypervisors { slug }"))} } } }`;
    const aliases = `subscription { articleAdded { ${Array.from({ length: 100 }, (_, i) => `a${i}: eventId`).join(" ")} } }`;
    const cases: [string, string][] = [
      ["deep", deep],
      ["aliases", aliases],
      ["schema", "query { __schema { types { name } } }"],
    ];
    for (const [id, query] of cases) {
      subscribe(socket, id, query);
      const message = await nextFor(socket, id);
      assert.equal(message.type, "error", `${id}: ${JSON.stringify(message)}`);
      assert.ok(
        errorCodes(message.payload).every((code) => code === "GRAPHQL_VALIDATION_FAILED"),
        JSON.stringify(message),
      );
    }
    subscribe(socket, "big", `subscription { articleAdded { ${"eventId ".repeat(2_000)} } }`);
    const big = await nextFor(socket, "big");
    assert.equal(big.type, "error");
    assert.equal(app.bus.subscriberCount, before);
  });

  it("mutations over the socket need an editor key", async () => {
    const anonymous = track(await connect(url));
    subscribe(anonymous, "m", `mutation { refreshFeed(id: "${"0".repeat(24)}") { outcome } }`);
    const refused = await nextFor(anonymous, "m");
    assert.equal(refused.type, "error");
    assert.deepEqual(errorCodes(refused.payload), ["UNAUTHENTICATED"]);

    const editor = track(await connect(url, { authorization: `Bearer ${EDITOR_KEY}` }));
    subscribe(editor, "m", `mutation { refreshFeed(id: "${"0".repeat(24)}") { outcome } }`);
    const ran = await nextFor(editor, "m");
    // It executed: the resolver answered that there is no such feed.
    assert.equal(ran.type, "next");
    assert.deepEqual(errorCodes(ran.payload), ["NOT_FOUND"]);
  });

  it("caps operations per connection: the third one is refused, the first two keep running", async () => {
    const socket = track(await connect(url));
    subscribe(socket, "one", ARTICLE_ADDED);
    subscribe(socket, "two", ARTICLE_ADDED);
    subscribe(socket, "three", ARTICLE_ADDED);
    const refused = await nextFor(socket, "three");
    assert.equal(refused.type, "error");
    assert.deepEqual(errorCodes(refused.payload), ["RATE_LIMITED"]);
    socket.send({ type: "ping" });
    assert.equal((await socket.next()).type, "pong");
  });

  it("caps sockets per client address with 4429, and serves the others", async () => {
    for (const socket of sockets.splice(0)) await socket.close();
    const allowed = await Promise.all(Array.from({ length: 6 }, () => connect(url)));
    sockets.push(...allowed);
    const extra = track(await openSocket(url));
    assert.equal((await extra.closed).code, 4429);
    const first = allowed[0];
    assert.ok(first);
    first.send({ type: "ping" });
    assert.equal((await first.next()).type, "pong");
  });
});
