import type { IncomingMessage } from "node:http";

import { HeaderMap } from "@apollo/server";
import type { Request } from "express";

import { authenticate, type AuthFailure, type AuthPolicy } from "../auth/authenticate.js";
import type { GraphQLContext } from "../graphql/context.js";
import { UnauthenticatedError } from "../graphql/errors.js";

const REFUSALS: Readonly<Record<AuthFailure, string>> = {
  "malformed-credentials": "Malformed credentials: send `Authorization: Bearer <key>` or `x-api-key: <key>`.",
  "invalid-key": "Invalid API key.",
  "key-required": "This API needs an API key: send `Authorization: Bearer <key>`.",
};

/**
 * Apollo's context function for HTTP: who is calling, the request id and its logger. A bad or
 * (when API_REQUIRE_KEY_FOR_QUERIES is on) missing key stops the request here with 401
 * UNAUTHENTICATED and a WWW-Authenticate challenge (RFC 6750 §3), before anything executes.
 */
export function httpContext(policy: AuthPolicy) {
  return async ({ req }: { req: Request }): Promise<GraphQLContext> => {
    const auth = authenticate(req.headers, policy);
    if (!auth.ok) {
      req.log.info({ reason: auth.reason }, "auth: request refused");
      throw new UnauthenticatedError(REFUSALS[auth.reason], {
        http: { status: 401, headers: new HeaderMap([["www-authenticate", 'Bearer realm="graphql"']]) },
      });
    }
    return { requestId: requestIdOf(req), logger: req.log, caller: auth.caller };
  };
}

/** pino-http's genReqId (http-server.ts) always yields a string. */
export function requestIdOf(req: IncomingMessage): string {
  return typeof req.id === "string" ? req.id : "unknown";
}
