import type { Caller } from "../auth/api-keys.js";
import type { Logger } from "../log/logger.js";

/** Per-request GraphQL context, built by the transport (HTTP now, WebSocket later). */
export interface GraphQLContext {
  requestId: string;
  /** Scoped to this request; its lines carry the request id. */
  logger: Logger;
  /** The holder of the API key the request presented; null for an anonymous request. */
  caller: Caller | null;
}
