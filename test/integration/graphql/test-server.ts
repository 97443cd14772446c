/**
 * A small type-graphql schema served by the real `createHttpServer`, for the transport-level
 * tests (limits, errors, auth, connections): it has what the real schema does not have yet, a
 * recursive type, a failing resolver, mutations behind roles and a connection over a collection.
 */
import "reflect-metadata";

import { Writable } from "node:stream";

import type { Collection, ObjectId } from "mongodb";
import { pino } from "pino";
import {
  Args,
  Authorized,
  buildSchema,
  Field,
  FieldResolver,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";

import { createApiKeyVerifier, hashApiKey } from "../../../src/auth/api-keys.js";
import { authChecker } from "../../../src/graphql/auth-checker.js";
import { ConnectionArgs } from "../../../src/graphql/connection/connection.args.js";
import { createConnection } from "../../../src/graphql/connection/connection.type.js";
import { NotFoundError } from "../../../src/graphql/errors.js";
import { createHttpServer, type HttpServer } from "../../../src/server/http-server.js";
import { findPage, objectIdCodec, PageRequestError } from "../../../src/timeline/pagination.js";

/** A resolver error as a careless driver wrapper might phrase it: credentials and all. */
export const SECRET_URI = "mongodb://newsbot:hunter2@db.internal.example:27017/news";

export const KEYS = { editor: "test-editor-key-0001", admin: "test-admin-key-0002" } as const;

/** Counts resolver calls, to prove a refused request executed nothing. */
export const calls = { nodes: 0, mutations: 0 };

export interface ItemDoc {
  _id: ObjectId;
  publishedAt: Date;
  title: string;
}

@ObjectType()
class Node {
  @Field(() => Int)
  depth!: number;

  @Field(() => String)
  name!: string;
}

@ObjectType()
class Item {
  @Field(() => String)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  publishedAt!: string;
}

const { Connection: ItemConnection } = createConnection(Item);

@Resolver(() => Node)
class NodeResolver {
  constructor(private readonly itemStore: Collection<ItemDoc> | null) {}
  @Query(() => Node)
  root(): Node {
    calls.nodes++;
    return { depth: 1, name: "n1" };
  }

  @FieldResolver(() => Node)
  child(@Root() parent: Node): Node {
    calls.nodes++;
    return { depth: parent.depth + 1, name: `n${parent.depth + 1}` };
  }

  @Query(() => String)
  boom(): string {
    throw new Error(`connect ECONNREFUSED ${SECRET_URI}`);
  }

  @Query(() => String)
  missing(): string {
    throw new NotFoundError("No feed with id 42.");
  }

  @Query(() => String)
  badPage(): string {
    throw new PageRequestError("`first` must be 0 to 100 (got 500).");
  }

  @Query(() => ItemConnection)
  items(@Args(() => ConnectionArgs) args: ConnectionArgs) {
    if (!this.itemStore) throw new Error("test server started without an items collection");
    return findPage(this.itemStore, {}, args, {
      codec: objectIdCodec,
      toNode: (doc) => ({ id: doc._id.toHexString(), title: doc.title, publishedAt: doc.publishedAt.toISOString() }),
    });
  }

  @Authorized("editor")
  @Mutation(() => String)
  publish(): string {
    calls.mutations++;
    return "published";
  }

  @Authorized("admin")
  @Mutation(() => String)
  purge(): string {
    calls.mutations++;
    return "purged";
  }
}

export interface TestServer {
  url: string;
  http: HttpServer;
  /** Every log line the server wrote, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startTestServer(
  options: { production?: boolean; requireKey?: boolean; playground?: boolean; items?: Collection<ItemDoc> } = {},
): Promise<TestServer> {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n")) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const resolver = new NodeResolver(options.items ?? null);
  const schema = await buildSchema({
    resolvers: [NodeResolver],
    container: { get: () => resolver },
    authChecker,
    authMode: "error",
    validate: false,
  });
  const http = await createHttpServer({
    schema,
    logger: pino({ level: "debug" }, sink),
    production: options.production ?? false,
    introspection: !(options.production ?? false),
    auth: {
      verify: createApiKeyVerifier([
        { name: "ci", role: "editor", sha256: hashApiKey(KEYS.editor) },
        { name: "ops", role: "admin", sha256: hashApiKey(KEYS.admin) },
      ]),
      requireKey: options.requireKey ?? false,
    },
    playground: options.playground ?? false,
    version: "test",
    pingDatabase: () => Promise.resolve({ ok: true, latencyMs: 0 }),
  });
  const address = await http.listen(0, "127.0.0.1");
  return { url: `http://127.0.0.1:${address.port}`, http, logs, close: () => http.close() };
}

/** A query whose selection is `depth` levels deep: root { child { ... name } }. */
export function nestedQuery(depth: number): string {
  return `{ root { ${"child { ".repeat(depth - 2)}name${" }".repeat(depth - 2)} } }`;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
}
