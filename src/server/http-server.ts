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

import type { GraphQLContext } from "../graphql/context.js";
import { errorLoggingPlugin } from "../graphql/error-logging.plugin.js";
import { formatError } from "../graphql/errors.js";
import type { Logger } from "../log/logger.js";
import { healthRoutes, type HealthRoutesDeps } from "./health-routes.js";

export interface HttpServerOptions extends HealthRoutesDeps {
  schema: GraphQLSchema;
  logger: Logger;
  /** Introspection is for development; production hides the schema (RELIABILITY.md A6). */
  introspection: boolean;
  /** JSON body limit for /graphql (RELIABILITY.md A4). */
  bodyLimit?: string;
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

/**
 * Express 5 on a plain node:http server: Apollo is mounted at /graphql, health probes beside it,
 * and the same server will carry the WebSocket endpoint and the published pages.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = express();
  app.disable("x-powered-by");
  const server = createServer(app);

  const apollo = new ApolloServer<GraphQLContext>({
    schema: options.schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    formatError,
    // Signals are handled by main.ts, which stops everything in order.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginLandingPageDisabled(),
      errorLoggingPlugin(),
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
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" },
    }),
  );
  app.use(healthRoutes(options));
  app.use(
    "/graphql",
    express.json({ limit: options.bodyLimit ?? "100kb" }),
    expressMiddleware(apollo, {
      context: ({ req }) => Promise.resolve({ requestId: requestIdOf(req), logger: req.log }),
    }),
  );
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

/** Body-parser errors keep their 4xx status; anything else is a masked 500 with the request id. */
const errorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  const status = httpStatusOf(error);
  if (status >= 500) req.log.error({ err: error }, "http: unhandled error");
  res.status(status).json({
    error: status >= 500 ? "internal server error" : error instanceof Error ? error.message : "bad request",
    requestId: requestIdOf(req),
  });
};

/** genReqId above always yields a string. */
function requestIdOf(req: IncomingMessage): string {
  return typeof req.id === "string" ? req.id : "unknown";
}

function httpStatusOf(error: unknown): number {
  if (typeof error === "object" && error !== null && "status" in error) {
    const status = error.status;
    if (typeof status === "number" && status >= 400 && status < 600) return status;
  }
  return 500;
}
