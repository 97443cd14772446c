import type { RequestHandler } from "express";

import { formatError } from "../graphql/errors.js";
import type { GraphQLLimits } from "../graphql/limits.js";

/**
 * Applies the character and token limits (RELIABILITY.md A4) to the `query` of a GraphQL HTTP
 * request before Apollo parses it, answering 400 in the GraphQL error format. Anything that is
 * not a string query passes through: Apollo rejects malformed requests itself.
 */
export function documentLimits(limits: Pick<GraphQLLimits, "checkSource">): RequestHandler {
  return (req, res, next) => {
    const source: unknown =
      req.method === "GET"
        ? req.query["query"]
        : typeof req.body === "object" && req.body !== null
          ? (req.body as Record<string, unknown>)["query"]
          : undefined;
    const error = typeof source === "string" ? limits.checkSource(source) : null;
    if (error === null) {
      next();
      return;
    }
    req.log.debug({ code: error.extensions["code"], length: (source as string).length }, "graphql: document refused");
    res.status(400).json({ errors: [formatError(error.toJSON(), error)] });
  };
}
