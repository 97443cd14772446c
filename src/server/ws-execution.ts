import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from "graphql";

import type { GraphQLContext } from "../graphql/context.js";
import type { Logger } from "../log/logger.js";

/**
 * graphql-js `subscribe`, except for the context each event is executed with. graphql-js reuses
 * the subscription's one context for every event, so its per-request DataLoaders would cache
 * entities for the whole life of a subscription (stale, and growing). Here each event gets a
 * fresh context, shared by every local subscriber with the same caller that receives the same
 * event object (the bus hands one object to all of them): a fan-out to N subscribers costs one
 * read per entity, not N, and data is never older than the event.
 */
export function createEventSubscribe(logger: Logger) {
  const contexts = new WeakMap<object, Map<string, GraphQLContext>>();
  let sequence = 0;
  const contextFor = (event: unknown, base: GraphQLContext): GraphQLContext => {
    if (typeof event !== "object" || event === null) return { ...base };
    let byCaller = contexts.get(event);
    if (!byCaller) contexts.set(event, (byCaller = new Map<string, GraphQLContext>()));
    const callerKey = base.caller ? `${base.caller.role}:${base.caller.name}` : "";
    let context = byCaller.get(callerKey);
    if (!context) {
      const requestId = `ws-event-${++sequence}`;
      context = { requestId, logger: logger.child({ requestId }), caller: base.caller };
      byCaller.set(callerKey, context);
    }
    return context;
  };

  return async (args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> => {
    const stream = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in stream)) return stream;
    const base = args.contextValue as GraphQLContext;
    return mapEvents(stream, (event) => execute({ ...args, rootValue: event, contextValue: contextFor(event, base) }));
  };
}

/** Maps an async iterable, passing return() through so an unsubscribe reaches the source. */
function mapEvents<T, R>(
  source: AsyncIterable<T>,
  map: (item: T) => R | Promise<R>,
): AsyncIterableIterator<Awaited<R>> {
  const iterator = source[Symbol.asyncIterator]();
  return {
    async next() {
      const result = await iterator.next();
      return result.done ? { value: undefined, done: true } : { value: await map(result.value), done: false };
    },
    async return() {
      await iterator.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
