import { SubscriberOverflowError } from "../../events/bus-subscription.js";
import { ResumeError } from "../../events/event-bus.js";
import { BadUserInputError, type ClientError, RateLimitedError } from "../errors.js";

/**
 * The client-facing form of an error a bus subscription ends with, or null for any other error.
 * Both are the client's to act on: resume from a newer id (or query to catch up), or read faster.
 */
export function clientErrorOfBusError(error: unknown): ClientError | null {
  if (error instanceof ResumeError) return new BadUserInputError(error.message, { reason: error.code });
  if (error instanceof SubscriberOverflowError) {
    return new RateLimitedError("Too many events waiting for this subscriber; resubscribe with afterEventId.", 1, {
      reason: error.code,
    });
  }
  return null;
}
