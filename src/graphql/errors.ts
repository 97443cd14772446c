import type { GraphQLFormattedError } from "graphql";

/**
 * Error codes a client may see with their original message. Everything else is an internal
 * error: masked here and logged, with its request id, by the error-logging plugin.
 */
const CLIENT_CODES = new Set([
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

export function isClientError(formatted: GraphQLFormattedError): boolean {
  const code = formatted.extensions?.["code"];
  return typeof code === "string" && CLIENT_CODES.has(code);
}

/** Apollo `formatError`: keeps client errors, masks the rest, never includes a stack. */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (isClientError(formatted)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: INTERNAL_ERROR_MESSAGE,
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}
