import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLErrorExtensions, type GraphQLFormattedError } from "graphql";

/**
 * The errors a client may see. Resolvers and the transport throw these; use-case code throws
 * domain errors (plain `Error` subclasses with a stable string `code`) that the table below maps
 * at the edge. Everything else is internal: masked by `formatError`, logged by the
 * error-logging plugin with its request id (RELIABILITY.md A7).
 */
export type ClientErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "UNAUTHENTICATED" | "FORBIDDEN" | "RATE_LIMITED";

export abstract class ClientError extends GraphQLError {
  protected constructor(message: string, code: ClientErrorCode, extensions: GraphQLErrorExtensions = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = new.target.name;
  }
}

export class BadUserInputError extends ClientError {
  constructor(message: string, extensions?: GraphQLErrorExtensions) {
    super(message, "BAD_USER_INPUT", extensions);
  }
}

export class NotFoundError extends ClientError {
  constructor(message: string, extensions?: GraphQLErrorExtensions) {
    super(message, "NOT_FOUND", extensions);
  }
}

export class UnauthenticatedError extends ClientError {
  constructor(
    message = "Authentication required: send an API key as `Authorization: Bearer <key>`.",
    extensions?: GraphQLErrorExtensions,
  ) {
    super(message, "UNAUTHENTICATED", extensions);
  }
}

export class ForbiddenError extends ClientError {
  constructor(message = "This API key's role may not do that.", extensions?: GraphQLErrorExtensions) {
    super(message, "FORBIDDEN", extensions);
  }
}

export class RateLimitedError extends ClientError {
  constructor(message: string, retryAfterSeconds: number, extensions?: GraphQLErrorExtensions) {
    super(message, "RATE_LIMITED", { ...extensions, retryAfterSeconds });
  }
}

/**
 * Domain error code → client error. Domain messages are written for clients (they name the bad
 * argument, never a database detail); the domain code travels as `extensions.reason`.
 * One row per domain error a client can cause (src/timeline/domain-errors.ts, pagination.ts).
 */
const DOMAIN_ERRORS = new Map<string, (message: string, reason: string) => ClientError>([
  ["INVALID_PAGE_REQUEST", (message, reason) => new BadUserInputError(message, { reason })],
  ["INVALID_INPUT", (message, reason) => new BadUserInputError(message, { reason })],
  ["ENTITY_NOT_FOUND", (message, reason) => new NotFoundError(message, { reason })],
]);

/** Codes of Apollo's and graphql-js's own request errors, which are about the request, not us. */
const CLIENT_CODES: ReadonlySet<unknown> = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "RATE_LIMITED",
]);

export const INTERNAL_ERROR_MESSAGE = "Internal server error";

/**
 * The client-facing form of an error (as thrown, or as graphql-js wrapped it around a resolver
 * error), or null when it is internal and must be masked.
 */
export function clientErrorOf(error: unknown): GraphQLError | null {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError) return CLIENT_CODES.has(original.extensions["code"]) ? original : null;
  if (original instanceof Error && "code" in original && typeof original.code === "string") {
    return DOMAIN_ERRORS.get(original.code)?.(original.message, original.code) ?? null;
  }
  return null;
}

/**
 * Apollo `formatError`: client errors keep their message and code, domain errors become their
 * client error, anything else becomes a bare INTERNAL_SERVER_ERROR. No stack, in any mode.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const client = clientErrorOf(error);
  const where = {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  if (client === null) {
    return { message: INTERNAL_ERROR_MESSAGE, ...where, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  }
  // Apollo's own errors may have been reworded by plugins (field suggestions), so keep their text.
  const fromDomain = client !== unwrapResolverError(error);
  const { stacktrace: _stacktrace, ...extensions } = (fromDomain ? client.extensions : formatted.extensions) ?? {};
  return { message: fromDomain ? client.message : formatted.message, ...where, extensions };
}
