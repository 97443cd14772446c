import type { EventBus } from "./event-bus.js";
import { isTopic, type Publication } from "./topics.js";

/**
 * type-graphql's PubSub contract (`buildSchema({ pubSub })`), declared structurally so that
 * src/events does not depend on the GraphQL layer.
 */
export interface GraphQLPubSub {
  publish(routingKey: string, ...args: unknown[]): void;
  subscribe(routingKey: string, dynamicId?: unknown): AsyncIterable<unknown>;
}

/**
 * What a subscription resolver passes as `topicId`: where to resume. type-graphql hands the
 * value to `subscribe` untouched, so `@Subscription({ topics, topicId, filter })` can resume.
 */
export interface ResumeFrom {
  after: number | null;
}

function resumeFrom(dynamicId: unknown): number | null {
  if (typeof dynamicId !== "object" || dynamicId === null || !("after" in dynamicId)) return null;
  const after = dynamicId.after;
  return typeof after === "number" && Number.isSafeInteger(after) && after >= 0 ? after : null;
}

/**
 * The bus as type-graphql's PubSub: `subscribe` yields BusEvents of the topic. `publish` exists
 * for the interface only: resolvers do not publish, and use-cases call `bus.publish`, which
 * can be awaited (the announcement must follow the acknowledged write).
 */
export function createBusPubSub(bus: EventBus, onPublishError: (error: unknown) => void): GraphQLPubSub {
  return {
    publish(routingKey, payload) {
      if (!isTopic(routingKey)) throw new Error(`events: unknown topic ${routingKey}`);
      bus.publish([{ topic: routingKey, payload } as Publication]).catch(onPublishError);
    },
    subscribe(routingKey, dynamicId) {
      if (!isTopic(routingKey)) throw new Error(`events: unknown topic ${routingKey}`);
      return bus.subscribe(routingKey, { after: resumeFrom(dynamicId) });
    },
  };
}
