import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";

import type { GraphQLContext } from "./context.js";
import { isClientError } from "./errors.js";

/**
 * Logs every error that formatError will mask, once, with the request id and the original
 * error (stack, cause). Client errors (bad input, validation) are logged at debug only.
 */
export function errorLoggingPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            const internal = !isClientError({ message: error.message, extensions: error.extensions });
            contextValue.logger[internal ? "error" : "debug"](
              { err: original, operationName, path: error.path },
              internal ? "graphql: internal error" : "graphql: client error",
            );
          }
        },
      };
    },
  };
}
