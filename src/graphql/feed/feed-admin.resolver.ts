import { Arg, Authorized, ID, Mutation, Resolver } from "type-graphql";

import type { AddFeedsReport } from "../../ingest/add-feeds.js";
import type { RemovedFeed as RemovedFeedModel } from "../../ingest/feed-admin.js";
import type { RefreshSummary as RefreshSummaryModel } from "../../ingest/ingest-deps.js";
import type { Feed as FeedModel } from "../../model/feed.js";
import type { GraphQLServices } from "../services.js";
import { AddFeedInput, UpdateFeedInput } from "./feed.input.js";
import { Feed, OpmlImportReport, RefreshSummary, RemovedFeed } from "./feed.type.js";

/** Editing the feed registry: each mutation is one call into src/ingest/feed-admin.ts. */
@Resolver(() => Feed)
export class FeedAdminResolver {
  constructor(private readonly services: Pick<GraphQLServices, "feedAdmin">) {}

  @Authorized("editor")
  @Mutation(() => Feed, {
    description:
      "Registers a feed (http(s), public address only) and fetches it once; returns it with the health of that fetch.",
  })
  addFeed(@Arg("input", () => AddFeedInput) input: AddFeedInput): Promise<FeedModel> {
    return this.services.feedAdmin.addFeed(input);
  }

  @Authorized("editor")
  @Mutation(() => Feed, { description: "Changes a feed's title, site URL or tags." })
  updateFeed(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateFeedInput) input: UpdateFeedInput,
  ): Promise<FeedModel> {
    return this.services.feedAdmin.updateFeed(id, input);
  }

  @Authorized("admin")
  @Mutation(() => RemovedFeed, {
    description:
      "Unregisters a feed. deleteArticles: also delete the articles only this feed had (others keep theirs).",
  })
  removeFeed(
    @Arg("id", () => ID) id: string,
    @Arg("deleteArticles", () => Boolean, { defaultValue: false }) deleteArticles: boolean,
  ): Promise<RemovedFeedModel> {
    return this.services.feedAdmin.removeFeed(id, deleteArticles);
  }

  @Authorized("editor")
  @Mutation(() => RefreshSummary, { description: "Fetches a feed now, due or not (the scheduled job's own refresh)." })
  refreshFeed(@Arg("id", () => ID) id: string): Promise<RefreshSummaryModel> {
    return this.services.feedAdmin.refreshFeed(id);
  }

  @Authorized("admin")
  @Mutation(() => OpmlImportReport, {
    description: "Registers the feeds of an OPML 2.0 document; they are fetched on the next run.",
  })
  importOpml(@Arg("opml", () => String) opml: string): Promise<AddFeedsReport> {
    return this.services.feedAdmin.importOpml(opml);
  }
}
