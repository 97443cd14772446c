/**
 * The API's schema composed exactly as src/app.ts composes it, but over a database handle whose
 * client counts every command (test/helpers/command-counter.ts), served by the real HTTP server.
 * For proving how many database commands an operation costs.
 */
import { pino } from "pino";

import { createApiKeyVerifier } from "../../../../src/auth/api-keys.js";
import { createCatalogEditor } from "../../../../src/catalog/catalog-editor.js";
import { loadCatalog } from "../../../../src/catalog/load-catalog.js";
import { readCatalog } from "../../../../src/catalog/read-catalog.js";
import { parseAllowList } from "../../../../src/feeds/fetch/allow-list.js";
import { buildGraphQLSchema } from "../../../../src/graphql/build-schema.js";
import { createFeedAdmin } from "../../../../src/ingest/feed-admin.js";
import { createHttpServer, type HttpServer } from "../../../../src/server/http-server.js";
import { ensureIndexes } from "../../../../src/store/indexes.js";
import { createReadServices } from "../../../../src/timeline/read-services.js";
import { type CommandCounter, openCommandCounter } from "../../../helpers/command-counter.js";
import { openTestDatabase, type TestDatabase } from "../../../helpers/mongo.js";
import { createTestDeps } from "../../ingest/ingest-harness.js";

export interface CountedServer {
  url: string;
  counter: CommandCounter;
  testDb: TestDatabase;
  close(): Promise<void>;
}

export async function startCountedServer(label: string): Promise<CountedServer> {
  const testDb = await openTestDatabase(label);
  await ensureIndexes(testDb.db);
  await loadCatalog(testDb.db, await readCatalog());
  const counter = await openCommandCounter(testDb.name);
  const db = counter.db;
  const schema = await buildGraphQLSchema({
    health: { check: () => Promise.reject(new Error("not used")) },
    ...createReadServices(db),
    catalogEditor: createCatalogEditor(db),
    feedAdmin: createFeedAdmin({
      ingest: createTestDeps(db, []),
      allowList: parseAllowList([]),
      resolveHost: () => Promise.resolve([]),
      now: () => new Date(),
    }),
  });
  const http: HttpServer = await createHttpServer({
    schema,
    logger: pino({ level: "silent" }),
    production: false,
    introspection: false,
    auth: { verify: createApiKeyVerifier([]), requireKey: false },
    playground: false,
    version: "test",
    pingDatabase: () => Promise.resolve({ ok: true, latencyMs: 0 }),
  });
  const address = await http.listen(0, "127.0.0.1");
  return {
    url: `http://127.0.0.1:${address.port}`,
    counter,
    testDb,
    async close() {
      await http.close();
      await counter.close();
      await testDb.drop();
    },
  };
}
