import type { Db } from "mongodb";

import type { Feed } from "../model/feed.js";
import { findFeedsByIds } from "../store/feed-edits.js";
import { listFeeds } from "../store/feeds.js";
import { inKeyOrder } from "./catalog-reads.js";
import { EntityNotFoundError, InvalidInputError } from "./domain-errors.js";
import { checkObjectId, MAX_LIST_LENGTH } from "./input-rules.js";
import { pageInMemory } from "./memory-page.js";
import type { Connection, PageArgs } from "./pagination.js";
import { tokenize } from "./search-tokens.js";

/** The filter of the `feeds` list. */
export interface FeedFilterInput {
  /** Feeds with any of these tags. */
  tags?: string[] | null;
  /** true: only feeds whose last fetch failed; false: only the others. */
  failing?: boolean | null;
  /** Words that must all appear in the title or URL. */
  text?: string | null;
}

/** Read use-cases of feeds. */
export interface FeedReads {
  feeds(filter: FeedFilterInput | null | undefined, args: PageArgs): Promise<Connection<Feed>>;
  feed(id: string): Promise<Feed>;
  feedsByIds(ids: readonly string[]): Promise<(Feed | null)[]>;
}

const MAX_TAG_LENGTH = 64;
const MAX_TEXT_LENGTH = 200;

export function createFeedReads(db: Db): FeedReads {
  return {
    // The feed registry is small (hundreds): read whole, filtered and paged in memory, newest first.
    async feeds(filter, args) {
      const keep = feedPredicate(filter);
      const feeds = (await listFeeds(db)).filter(keep);
      return pageInMemory(
        feeds.map((feed) => ({ publishedAt: feed.createdAt, _id: feed.id, node: feed })),
        args,
      );
    },
    async feed(id) {
      const [feed] = await findFeedsByIds(db, [checkObjectId("id", id)]);
      if (!feed) throw new EntityNotFoundError(`No feed with id ${id}.`);
      return feed;
    },
    async feedsByIds(ids) {
      const valid = ids.filter((id) => /^[0-9a-f]{24}$/.test(id));
      return inKeyOrder(
        ids,
        await findFeedsByIds(
          db,
          valid.map((id) => checkObjectId("id", id)),
        ),
        (feed) => feed.id,
      );
    },
  };
}

function feedPredicate(input: FeedFilterInput | null | undefined): (feed: Feed) => boolean {
  const filter = input ?? {};
  const tags = filter.tags ?? [];
  if (tags.length > MAX_LIST_LENGTH || tags.some((tag) => tag.length > MAX_TAG_LENGTH)) {
    throw new InvalidInputError(
      `\`filter.tags\` takes at most ${MAX_LIST_LENGTH} tags of ${MAX_TAG_LENGTH} characters.`,
    );
  }
  const wanted = new Set(tags.map((tag) => tag.trim().toLowerCase()));
  if (filter.text != null && filter.text.length > MAX_TEXT_LENGTH) {
    throw new InvalidInputError(`\`filter.text\` is limited to ${MAX_TEXT_LENGTH} characters.`);
  }
  const words = filter.text == null ? [] : tokenize(filter.text);
  return (feed) =>
    (wanted.size === 0 || feed.tags.some((tag) => wanted.has(tag))) &&
    (filter.failing == null || (feed.health.lastOutcome === "failed") === filter.failing) &&
    (words.length === 0 || words.every((word) => tokenize(`${feed.title} ${feed.url}`).includes(word)));
}
