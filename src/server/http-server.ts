import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type ErrorRequestHandler } from "express";
import type { GraphQLSchema } from "graphql";
import { pinoHttp } from "pino-http";

import type { AuthPolicy } from "../auth/authenticate.js";
import type { GraphQLContext } from "../graphql/context.js";
import { errorLoggingPlugin } from "../graphql/error-logging.plugin.js";
import { formatError } from "../graphql/errors.js";
import { createGraphQLLimits } from "../graphql/limits.js";
import type { Logger } from "../log/logger.js";
import { documentLimits } from "./document-limits.js";
import { graphiqlRoutes } from "./graphiql-routes.js";
import { httpContext, requestIdOf } from "./graphql-context.js";
import { healthRoutes, type HealthRoutesDeps } from "./health-routes.js";
import { loadOperations } from "./operations.js";

export interface HttpServerOptions extends HealthRoutesDeps {
  schema: GraphQLSchema;
  logger: Logger;
  /** Production hides limit values and field suggestions from clients (RELIABILITY.md A1, A6). */
  production: boolean;
  /** Introspection is for development; production hides the schema (RELIABILITY.md A6). */
  introspection: boolean;
  /** Who may call: API keys, and whether anonymous queries are allowed. */
  auth: AuthPolicy;
  /** Serve GraphiQL at /graphiql; when false /graphiql is a 404 (RELIABILITY.md A6). */
  playground: boolean;
  /** JSON body limit for /graphql (RELIABILITY.md A4). */
  bodyLimit?: string;
  /**
   * Attaches the WebSocket endpoint to the node:http server (src/server/ws-server.ts); its
   * `dispose` runs in Apollo's drainServer, closing sockets with 1001 on shutdown (D9).
   */
  webSocket?: (server: Server) => { dispose(): Promise<void> };
  /** More routes (published feeds, calendars), mounted before the 404 handler. */
  routers?: readonly express.RequestHandler[];
}

export interface HttpServer {
  server: Server;
  app: express.Express;
  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, lets in-flight requests finish, closes idle keep-alive sockets. */
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Request headers that carry secrets: never written to a log line. */
const SECRET_HEADERS = ["authorization", "x-api-key", "cookie"];

/**
 * Express 5 on a plain node:http server: Apollo is mounted at /graphql, health probes beside it,
 * and the same server will carry the WebSocket endpoint and the published pages.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = express();
  app.disable("x-powered-by");
  const server = createServer(app);
  const limits = createGraphQLLimits({ production: options.production });
  const webSocket = options.webSocket?.(server);

  const apollo = new ApolloServer<GraphQLContext>({
    schema: options.schema,
    introspection: options.introspection,
    // Set explicitly, not left to NODE_ENV-dependent defaults (RELIABILITY.md A3, A5, A7).
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    formatError,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    // Signals are handled by main.ts, which stops everything in order.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ...(webSocket ? [{ serverWillStart: async () => ({ drainServer: () => webSocket.dispose() }) }] : []),
      ApolloServerPluginLandingPageDisabled(),
      errorLoggingPlugin(),
      ...limits.apolloPlugins,
    ],
  });
  await apollo.start();

  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers["x-request-id"];
        const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader("x-request-id", id);
        return id;
      },
      serializers: { req: withoutSecretHeaders },
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" },
    }),
  );
  app.use(healthRoutes(options));
  if (options.playground) app.use(await graphiqlRoutes(await loadOperations()));
  app.use(
    "/graphql",
    express.json({ limit: options.bodyLimit ?? "100kb" }),
    documentLimits(limits),
    expressMiddleware(apollo, { context: httpContext(options.auth) }),
  );
  for (const router of options.routers ?? []) app.use(router);
  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  app.use(errorHandler);

  return {
    server,
    app,
    listen: (port, host) =>
      new Promise<AddressInfo>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address();
          if (address === null || typeof address === "string") reject(new Error("http: not a TCP address"));
          else resolve(address);
        });
      }),
    close: () => apollo.stop(),
  };
}

/** pino-http's serialized request, with secret header values replaced. */
function withoutSecretHeaders(req: { headers?: Record<string, unknown> }): unknown {
  if (!req.headers) return req;
  const headers = { ...req.headers };
  for (const name of SECRET_HEADERS) if (name in headers) headers[name] = "[redacted]";
  return { ...req, headers };
}

/** Body-parser errors keep their 4xx status; anything else is a masked 500 with the request id. */
const errorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  const status = httpStatusOf(error);
  if (status >= 500) req.log.error({ err: error }, "http: unhandled error");
  res.status(status).json({
    error: status >= 500 ? "internal server error" : error instanceof Error ? error.message : "bad request",
    requestId: requestIdOf(req),
  });
};

function httpStatusOf(error: unknown): number {
  if (typeof error === "object" && error !== null && "status" in error) {
    const status = error.status;
    if (typeof status === "number" && status >= 400 && status < 600) return status;
  }
  return 500;
}
