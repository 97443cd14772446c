import { z } from "zod";

/**
 * The typed topic map of the cross-instance event bus (RELIABILITY.md D8, ARCHITECTURE.md rule 7).
 * Payloads are small serialisable DTOs: ids plus what subscription filters need (slugs, feeds,
 * confidences). Subscribers turn them into GraphQL types through the DataLoaders, so a payload
 * never carries article text and never goes stale in a way that matters.
 */
export const TOPICS = ["ArticleAdded", "ArticleUpdated", "EventAdded", "EventUpdated", "FeedHealthChanged"] as const;
export type Topic = (typeof TOPICS)[number];

const objectIdHex = z.string().regex(/^[0-9a-f]{24}$/);
const slug = z.string().min(1).max(100);

/** One link of an article: enough to apply hypervisor/vendor/topic/event filters. */
const linkRef = z.object({
  kind: z.enum(["HYPERVISOR", "VENDOR", "TOPIC", "EVENT"]),
  slug,
  confidence: z.number().min(0).max(1),
  /** An editor's rejection: counts only for filters that ask for rejected links. */
  rejected: z.boolean(),
});

const articleChange = z.object({
  articleId: objectIdHex,
  feedIds: z.array(objectIdHex).max(64),
  /** ISO 8601: a Date would not survive every serialisation path unchanged. */
  publishedAt: z.iso.datetime(),
  links: z.array(linkRef).max(256),
});

const eventChange = z.object({
  slug,
  kind: z.string().min(1).max(40),
  hypervisors: z.array(slug).max(64),
  vendors: z.array(slug).max(64),
});

const feedHealthChange = z.object({
  feedId: objectIdHex,
  outcome: z.enum(["ok", "not-modified", "unchanged", "failed"]),
  errorCode: z.string().max(100).nullable(),
});

export type LinkRef = z.infer<typeof linkRef>;
export type ArticleChange = z.infer<typeof articleChange>;
export type EventChange = z.infer<typeof eventChange>;
export type FeedHealthChange = z.infer<typeof feedHealthChange>;

/** What each topic carries. */
export interface TopicMap {
  ArticleAdded: ArticleChange;
  ArticleUpdated: ArticleChange;
  EventAdded: EventChange;
  EventUpdated: EventChange;
  FeedHealthChanged: FeedHealthChange;
}

const PAYLOADS: { readonly [T in Topic]: z.ZodType<TopicMap[T]> } = {
  ArticleAdded: articleChange,
  ArticleUpdated: articleChange,
  EventAdded: eventChange,
  EventUpdated: eventChange,
  FeedHealthChanged: feedHealthChange,
};

/** One event as subscribers see it: its position on the bus, its topic and payload. */
export interface BusEvent<T extends Topic = Topic> {
  /** The bus position as a decimal string; pass it back as `afterEventId` to resume after it. */
  id: string;
  seq: number;
  topic: T;
  payload: TopicMap[T];
  publishedAt: Date;
}

/** A publish request: one topic and its payload. */
export type Publication = { [T in Topic]: { topic: T; payload: TopicMap[T] } }[Topic];

export function isTopic(value: unknown): value is Topic {
  return typeof value === "string" && (TOPICS as readonly string[]).includes(value);
}

/**
 * Narrows a stored event (untrusted: another instance, another version, or a hand-made
 * document wrote it). Null for anything that is not a known topic with a valid payload: such
 * a document is skipped, never delivered.
 */
export function parseBusEvent(seq: number, topic: unknown, payload: unknown, publishedAt: Date): BusEvent | null {
  if (!isTopic(topic)) return null;
  const parsed = PAYLOADS[topic].safeParse(payload);
  if (!parsed.success) return null;
  return { id: String(seq), seq, topic, payload: parsed.data, publishedAt };
}

/** Checks a payload before it is written, so a bug cannot publish what every reader would skip. */
export function assertPublishable(publication: Publication): void {
  const parsed = PAYLOADS[publication.topic].safeParse(publication.payload);
  if (!parsed.success) {
    throw new Error(`events: invalid ${publication.topic} payload: ${parsed.error.message.slice(0, 300)}`);
  }
}

/** Largest event id a client may send (positions are decimal integers). */
const EVENT_ID = /^(0|[1-9][0-9]{0,14})$/;

/** An `afterEventId` from a client: a bus position, or null when it is not one. */
export function parseEventId(text: string): number | null {
  return EVENT_ID.test(text) ? Number(text) : null;
}
