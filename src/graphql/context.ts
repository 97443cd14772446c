import type { Logger } from "../log/logger.js";

/** Per-request GraphQL context: the request id and a logger scoped to it. */
export interface GraphQLContext {
  requestId: string;
  logger: Logger;
}
