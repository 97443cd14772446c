import { ANY_ARTICLE, type LiveArticleCriteria } from "../../events/article-criteria.js";
import type { ResumeFrom } from "../../events/pubsub.js";
import { parseEventId } from "../../events/topics.js";
import { articleCriteriaOf } from "../../timeline/article-filter.js";
import type { ArticleFilter } from "../article/article.input.js";
import { BadUserInputError } from "../errors.js";

/**
 * Subscription arguments, checked once when the subscription starts (type-graphql calls
 * `topicId` then): a bad filter or event id is an error before anything is subscribed, and the
 * per-event filter reuses the checked criteria instead of re-validating for every event.
 */
const criteriaByArgs = new WeakMap<object, LiveArticleCriteria>();

/** The checked criteria of an ArticleFilter (the queries' own checks), cached per subscription. */
export function liveCriteriaFor(args: { filter?: ArticleFilter | null }): LiveArticleCriteria {
  const cached = criteriaByArgs.get(args);
  if (cached) return cached;
  const criteria = args.filter ? liveCriteriaOf(args.filter) : ANY_ARTICLE;
  criteriaByArgs.set(args, criteria);
  return criteria;
}

function liveCriteriaOf(filter: ArticleFilter): LiveArticleCriteria {
  const checked = articleCriteriaOf(filter);
  if (checked.tokens.length > 0) {
    throw new BadUserInputError(
      "`filter.text` is not supported by subscriptions: filter on slugs, feeds, dates or confidence.",
    );
  }
  return {
    links: checked.links,
    feedIds: checked.feedIds.map((id) => id.toHexString()),
    from: checked.from,
    to: checked.to,
    minConfidence: checked.minConfidence,
    rejectedLinks: checked.rejectedLinks,
  };
}

/** Where to resume: after the client's last event id, or live from now. */
export function resumeFromArgs(args: { afterEventId?: string | null }): ResumeFrom {
  if (args.afterEventId === null || args.afterEventId === undefined) return { after: null };
  const after = parseEventId(args.afterEventId);
  if (after === null) {
    throw new BadUserInputError("`afterEventId` must be the eventId of a notification this API sent.");
  }
  return { after };
}
