import { type ExecutionResult, type FormattedExecutionResult, GraphQLError, type GraphQLFormattedError } from "graphql";

import { clientErrorOf, formatError } from "../graphql/errors.js";
import { clientErrorOfBusError } from "../graphql/subscriptions/bus-errors.js";
import type { Logger } from "../log/logger.js";

/**
 * graphql-ws wraps an error thrown by a subscription's event stream in a GraphQLError without a
 * path, which Apollo's unwrapping (and so formatError) does not see through: unwrap it here.
 */
function originalOf(error: GraphQLError): unknown {
  const wrapped = error.path === undefined && error.extensions["code"] === undefined;
  return wrapped && error.originalError ? error.originalError : error;
}

/** One error as the client sees it: the same masking as HTTP, plus the bus's own errors. */
function formatOne(error: GraphQLError, logger: Logger): GraphQLFormattedError {
  const original = originalOf(error);
  const client = clientErrorOfBusError(original) ?? (original instanceof GraphQLError ? original : null);
  if (client) return formatError(client.toJSON(), client);
  if (clientErrorOf(error) === null) logger.error({ err: original, path: error.path }, "graphql: internal error");
  return formatError(error.toJSON(), error);
}

/** graphql-ws `onError`: errors of an operation that did not (or no longer) run. */
export function formatWsErrors(errors: readonly GraphQLError[], logger: Logger): GraphQLFormattedError[] {
  return errors.map((error) => formatOne(error, logger));
}

/** graphql-ws `onNext`: a result whose field errors need masking; undefined sends it unchanged. */
export function formatWsResult(result: ExecutionResult, logger: Logger): FormattedExecutionResult | undefined {
  if (!result.errors || result.errors.length === 0) return undefined;
  return { ...result, errors: result.errors.map((error) => formatOne(error, logger)) };
}

/** As Apollo reports them over HTTP: every validation error is GRAPHQL_VALIDATION_FAILED. */
export function asValidationError(error: GraphQLError): GraphQLError {
  return withCode(error, "GRAPHQL_VALIDATION_FAILED");
}

/** As Apollo reports them over HTTP: a document that does not parse is GRAPHQL_PARSE_FAILED. */
export function asSyntaxError(error: GraphQLError): GraphQLError {
  return withCode(error, "GRAPHQL_PARSE_FAILED");
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    originalError: error.originalError ?? null,
    extensions: { ...error.extensions, code },
  });
}
