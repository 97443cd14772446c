import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";

import type { GraphQLContext } from "./context.js";
import { clientErrorOf } from "./errors.js";

/**
 * Logs each error of a request once, with the request id: internal errors (the ones formatError
 * masks) at error level with the original error (message, stack, cause), so the client's
 * "Internal server error" can be traced through its x-request-id; client errors at debug only.
 */
export function errorLoggingPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const error of errors) {
            const fields = { requestId: contextValue.requestId, operationName, path: error.path };
            if (clientErrorOf(error) === null) {
              contextValue.logger.error({ ...fields, err: unwrapResolverError(error) }, "graphql: internal error");
            } else {
              contextValue.logger.debug({ ...fields, code: error.extensions["code"] }, "graphql: client error");
            }
          }
        },
      };
    },
  };
}
