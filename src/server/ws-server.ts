import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";

import {
  type DocumentNode,
  type ExecutionArgs,
  getOperationAST,
  GraphQLError,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
} from "graphql";
import type { Context } from "graphql-ws";
import { type Extra, useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";

import { roleSatisfies } from "../auth/api-keys.js";
import { authenticate, type AuthPolicy } from "../auth/authenticate.js";
import type { GraphQLContext } from "../graphql/context.js";
import { ForbiddenError, RateLimitedError, UnauthenticatedError } from "../graphql/errors.js";
import { createGraphQLLimits } from "../graphql/limits.js";
import type { Logger } from "../log/logger.js";
import { asSyntaxError, asValidationError, formatWsErrors, formatWsResult } from "./ws-errors.js";
import { createEventSubscribe } from "./ws-execution.js";
import { ConnectionCounter, credentialHeaders, isOriginAllowed, type OriginPolicy } from "./ws-guards.js";

/** graphql-ws close codes we send ourselves (graphql-ws sends 4400, 4401, 4403, 4408, 4429). */
const CLOSE_FORBIDDEN = 4403;
const CLOSE_TOO_MANY = 4429;

export interface WsServerOptions {
  server: Server;
  schema: GraphQLSchema;
  logger: Logger;
  /** Production hides limit values and internal messages, like the HTTP side. */
  production: boolean;
  introspection: boolean;
  auth: AuthPolicy;
  origins: OriginPolicy;
  /** ws `maxPayload`: a bigger frame closes the socket with 1009 (RELIABILITY.md A10). */
  maxPayloadBytes: number;
  maxConnectionsPerAddress: number;
  maxSubscriptionsPerConnection: number;
  /** graphql-ws `connectionInitWaitTimeout` (A9): 3 s. */
  initTimeoutMs?: number;
  path?: string;
}

export interface WsServer {
  /** Open sockets (all addresses). */
  readonly connections: number;
  /** Closes every socket with 1001 "Going away" and stops accepting (D9); Apollo's drainServer calls it. */
  dispose(): Promise<void>;
}

type WsContext = Context<Record<string, unknown>, Extra & { connectionId?: string }>;

/**
 * GraphQL over WebSocket (graphql-ws protocol) on the HTTP server's `/graphql`, with the same
 * validation, limits and auth as HTTP (RELIABILITY.md A8-A10): Origin checked and sockets per
 * address capped on the upgrade; the key checked on connection_init and again on every subscribe;
 * the document limited, parsed, validated and (for mutations) authorised in onSubscribe, before
 * any resolver or bus subscription exists.
 */
export function attachWsServer(options: WsServerOptions): WsServer {
  const path = options.path ?? "/graphql";
  const logger = options.logger.child({ transport: "ws" });
  const limits = createGraphQLLimits({ production: options.production });
  const rules = [
    ...specifiedRules,
    ...limits.validationRules,
    ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
  const counter = new ConnectionCounter(options.maxConnectionsPerAddress);
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? "/", "http://localhost").pathname !== path) return refuse(socket, 404, "Not Found");
    if (!isOriginAllowed(request.headers, options.origins)) {
      logger.info({ origin: request.headers.origin }, "ws: origin refused");
      return refuse(socket, 403, "Forbidden");
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const address = request.socket.remoteAddress ?? "unknown";
      if (!counter.acquire(address)) {
        logger.info({ address }, "ws: too many connections from one address");
        ws.close(CLOSE_TOO_MANY, "Too many connections");
        return;
      }
      ws.once("close", () => counter.release(address));
      wss.emit("connection", ws, request);
    });
  };
  options.server.on("upgrade", onUpgrade);

  const authOf = (ctx: WsContext) =>
    authenticate(credentialHeaders(ctx.connectionParams, ctx.extra.request.headers), options.auth);

  const disposable = useServer<Record<string, unknown>, { connectionId?: string }>(
    {
      // Internal errors close sockets with a reason: the generic one in production.
      isProd: options.production,
      connectionInitWaitTimeout: options.initTimeoutMs ?? 3_000,
      subscribe: createEventSubscribe(logger),
      onConnect(ctx) {
        ctx.extra.connectionId = randomUUID();
        const auth = authOf(ctx);
        if (!auth.ok) logger.info({ reason: auth.reason }, "ws: connection refused");
        return auth.ok;
      },
      async onSubscribe(ctx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> {
        // Keys are re-checked on each operation, not trusted from connection_init alone.
        const auth = authOf(ctx);
        if (!auth.ok) {
          ctx.extra.socket.close(CLOSE_FORBIDDEN, "Forbidden");
          return [new UnauthenticatedError("Invalid API key.")];
        }
        // The reservation for this id is already counted in ctx.subscriptions.
        if (Object.keys(ctx.subscriptions).length > options.maxSubscriptionsPerConnection) {
          return [
            new RateLimitedError(`At most ${options.maxSubscriptionsPerConnection} operations per connection.`, 1),
          ];
        }
        const sourceError = limits.checkSource(payload.query);
        if (sourceError) return [sourceError];
        let document: DocumentNode;
        try {
          document = parse(payload.query, limits.parseOptions);
        } catch (error) {
          if (error instanceof GraphQLError) return [asSyntaxError(error)];
          throw error;
        }
        const errors = validate(options.schema, document, rules);
        if (errors.length > 0) return errors.map(asValidationError);
        const operation = getOperationAST(document, payload.operationName);
        if (
          operation?.operation === OperationTypeNode.MUTATION &&
          !(auth.caller && roleSatisfies(auth.caller.role, "editor"))
        ) {
          return [
            auth.caller
              ? new ForbiddenError("Mutations over WebSocket need the editor role.")
              : new UnauthenticatedError(),
          ];
        }
        const requestId = `${ctx.extra.connectionId ?? "ws"}:${id}`;
        const contextValue: GraphQLContext = { requestId, logger: logger.child({ requestId }), caller: auth.caller };
        return {
          schema: options.schema,
          document,
          variableValues: payload.variables ?? null,
          operationName: payload.operationName ?? null,
          contextValue,
        };
      },
      onError: (_ctx, _id, _payload, errors) => formatWsErrors(errors, logger),
      onNext: (_ctx, _id, _payload, _args, result) => formatWsResult(result, logger),
    },
    wss,
  );

  return {
    get connections() {
      return counter.total;
    },
    async dispose() {
      options.server.off("upgrade", onUpgrade);
      await disposable.dispose();
    },
  };
}

/** Answers an upgrade we do not accept with a plain HTTP status, then drops the socket. */
function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
