import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from "type-graphql";

import type { FeedRunOutcome, NextFetchBasis } from "../../model/feed.js";
import { createConnection } from "../connection/connection.type.js";

export const FeedRunOutcomeEnum = {
  OK: "ok",
  NOT_MODIFIED: "not-modified",
  UNCHANGED: "unchanged",
  FAILED: "failed",
} as const satisfies Record<string, FeedRunOutcome>;
registerEnumType(FeedRunOutcomeEnum, {
  name: "FeedRunOutcome",
  description: "OK: new items stored. NOT_MODIFIED: 304. UNCHANGED: same body as last time. FAILED: see lastError.",
});

export const NextFetchBasisEnum = {
  NEW: "new",
  ADAPTIVE: "adaptive",
  HINT: "hint",
  BACKOFF: "backoff",
} as const satisfies Record<string, NextFetchBasis>;
registerEnumType(NextFetchBasisEnum, {
  name: "NextFetchBasis",
  description:
    "NEW: never fetched. ADAPTIVE: the feed's own posting rate. HINT: the feed asked to wait. BACKOFF: recent failures.",
});

@ObjectType({ description: "Why the next fetch is when it is.", simpleResolvers: true })
export class NextFetchReason {
  @Field(() => NextFetchBasisEnum)
  basis!: NextFetchBasis;

  @Field(() => String, { description: 'e.g. "backoff step 3 of 8 (40 min)".' })
  detail!: string;
}

@ObjectType({ description: "The last fetch of a feed, as the scheduler sees it.", simpleResolvers: true })
export class FeedHealth {
  @Field(() => GraphQLISODateTime, { nullable: true })
  lastFetchAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastSuccessAt!: Date | null;

  @Field(() => FeedRunOutcomeEnum, { nullable: true })
  lastOutcome!: FeedRunOutcome | null;

  @Field(() => Int, { nullable: true, description: "HTTP status of the last answer." })
  lastStatus!: number | null;

  @Field(() => Float, { nullable: true })
  lastBytes!: number | null;

  @Field(() => Float, { nullable: true })
  lastDurationMs!: number | null;

  @Field(() => String, { nullable: true, description: "Stable code (fetch, parse or store); null after a success." })
  lastErrorCode!: string | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => Int)
  consecutiveFailures!: number;

  @Field(() => Int)
  itemsNew!: number;

  @Field(() => Int)
  itemsUpdated!: number;
}

@ObjectType({ description: "One line of a feed's recent fetch history.", simpleResolvers: true })
export class FetchLogEntry {
  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Field(() => FeedRunOutcomeEnum)
  outcome!: FeedRunOutcome;

  @Field(() => Int, { nullable: true })
  status!: number | null;

  @Field(() => Float, { nullable: true })
  bytes!: number | null;

  @Field(() => Float, { nullable: true })
  durationMs!: number | null;

  @Field(() => String, { nullable: true })
  errorCode!: string | null;

  @Field(() => Int)
  itemsNew!: number;

  @Field(() => Int)
  itemsUpdated!: number;
}

@ObjectType({ description: "A feed the service polls.", simpleResolvers: true })
export class Feed {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "The normalised feed URL." })
  url!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  siteUrl!: string | null;

  @Field(() => [String])
  tags!: string[];

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  nextFetchAt!: Date;

  @Field(() => NextFetchReason)
  nextFetchReason!: NextFetchReason;

  @Field(() => FeedHealth)
  health!: FeedHealth;

  @Field(() => Float, { nullable: true, description: "Mean time between recent posts, when it could be estimated." })
  postIntervalMs!: number | null;

  @Field(() => [FetchLogEntry], { description: "Recent fetches, newest last." })
  recentFetches!: FetchLogEntry[];
}

export const { Connection: FeedConnection } = createConnection(Feed);

@ObjectType({ description: "What one refresh of a feed did." })
export class RefreshSummary {
  @Field(() => ID)
  feedId!: string;

  @Field(() => String)
  url!: string;

  @Field(() => String, {
    description: "ok, not-modified, unchanged, failed, or skipped (another process has the feed).",
  })
  outcome!: string;

  @Field(() => Int)
  itemsNew!: number;

  @Field(() => Int)
  itemsUpdated!: number;

  @Field(() => String, { nullable: true })
  errorCode?: string;

  @Field(() => String, { nullable: true })
  message?: string;

  @Field(() => GraphQLISODateTime, { nullable: true })
  nextFetchAt?: Date;

  @Field(() => Float)
  durationMs!: number;
}

@ObjectType()
export class RejectedFeed {
  @Field(() => String)
  url!: string;

  @Field(() => String)
  reason!: string;
}

@ObjectType({ description: "What an OPML import registered." })
export class OpmlImportReport {
  @Field(() => Int)
  added!: number;

  @Field(() => Int, { description: "Already registered: left as they were." })
  existing!: number;

  @Field(() => [RejectedFeed])
  rejected!: RejectedFeed[];
}

@ObjectType()
export class RemovedFeed {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  deletedArticles!: number;

  @Field(() => Int, { description: "Articles also seen in other feeds: kept, without this feed." })
  detachedArticles!: number;
}
