import type { ResolveHost } from "../feeds/fetch/address-guard.js";
import { type AllowList, checkDestination } from "../feeds/fetch/allow-list.js";
import { hostOf, literalAddressOf, parseFeedUrl, portOf } from "../feeds/fetch/url-policy.js";
import { normalizeFeedUrl } from "../feeds/normalize/url.js";
import type { Feed } from "../model/feed.js";
import { deleteFeedArticles, deleteFeedDoc, type FeedFieldsUpdate, updateFeedFields } from "../store/feed-edits.js";
import { deleteItemIndex } from "../store/feed-items.js";
import { findFeed } from "../store/feeds.js";
import { applyRollupChanges } from "../store/timeline-rollups.js";
import { EntityNotFoundError, InvalidInputError } from "../timeline/domain-errors.js";
import { checkObjectId } from "../timeline/input-rules.js";
import { addFeeds, type AddFeedsReport, importOpml, prepareFeeds } from "./add-feeds.js";
import { deleteArticle } from "./delete-article.js";
import type { IngestDeps, RefreshSummary } from "./ingest-deps.js";
import { OpmlError } from "./opml.js";
import { refreshFeed } from "./refresh-feed.js";

/**
 * The feed registry as editors change it through the API. Fetching is always the ingest
 * use-case itself (`refreshFeed`, the one the scheduled job runs), never a copy of its steps.
 */
export interface FeedAdminDeps {
  /** The same dependencies the ingest job runs with (fetcher, parser, linker, policy). */
  ingest: IngestDeps;
  /** FETCH_ALLOW_LIST, parsed: the SSRF guard's exceptions (RELIABILITY.md B1). */
  allowList: AllowList;
  resolveHost: ResolveHost;
  now: () => Date;
}

export interface NewFeedInput {
  url: string;
  title?: string | null;
  siteUrl?: string | null;
  tags?: string[] | null;
}

/**
 * Registers a feed and fetches it once, now: URL checked, destination checked by the fetcher's
 * own SSRF rules before anything is stored, then the same refresh the scheduler runs. Returns
 * the feed with the health that first fetch recorded.
 */
export async function addFeed(deps: FeedAdminDeps, input: NewFeedInput): Promise<Feed> {
  const url = checkFeedUrl(input.url);
  await checkFeedDestination(deps, url);
  const db = deps.ingest.db;
  const candidate = { url: url.href, title: input.title ?? "", siteUrl: input.siteUrl ?? null, tags: input.tags ?? [] };
  const report = await addFeeds(db, [candidate], { normalizeUrl: normalizeFeedUrl, now: deps.now() });
  const rejected = report.rejected[0];
  if (rejected) throw new InvalidInputError(`\`url\`: ${rejected.reason}.`);
  const normalized = normalizeFeedUrl(url.href);
  const registered = await findFeed(db, normalized);
  if (!registered) throw new Error(`ingest: feed ${normalized} vanished right after it was registered`);
  if (report.existing > 0) {
    throw new InvalidInputError(`\`url\`: this feed is already registered (id ${registered.id}).`);
  }
  await refreshFeed(deps.ingest, registered.id, deps.now());
  return (await findFeed(db, registered.id)) ?? registered;
}

/** Changes a feed's title, site URL or tags (checked as registration checks them). */
export async function updateFeed(deps: FeedAdminDeps, id: string, input: Omit<NewFeedInput, "url">): Promise<Feed> {
  const feedId = checkObjectId("id", id);
  const fields: FeedFieldsUpdate = {};
  if (input.title != null || input.tags != null || input.siteUrl !== undefined) {
    // prepareFeeds is the registry's one place for title, tag and site URL rules.
    const { feeds } = prepareFeeds(
      [
        {
          url: "https://feed.invalid/",
          title: input.title ?? "",
          siteUrl: input.siteUrl ?? null,
          tags: input.tags ?? [],
        },
      ],
      (raw) => raw,
    );
    const prepared = feeds[0];
    if (!prepared) throw new Error("ingest: prepareFeeds dropped a valid placeholder URL");
    if (input.title != null) fields.title = prepared.title;
    if (input.tags != null) fields.tags = prepared.tags;
    if (input.siteUrl !== undefined) {
      if (input.siteUrl !== null && prepared.siteUrl === null) {
        throw new InvalidInputError("`siteUrl` must be an http(s) URL.");
      }
      fields.siteUrl = prepared.siteUrl;
    }
  }
  const feed = await updateFeedFields(deps.ingest.db, feedId, fields);
  if (!feed) throw new EntityNotFoundError(`No feed with id ${id}.`);
  return feed;
}

export interface RemovedFeed {
  id: string;
  deletedArticles: number;
  /** Articles also seen in other feeds: kept, without this feed. */
  detachedArticles: number;
}

/**
 * Unregisters a feed, and its item index (no run reads it again; its tombstones go with it: the
 * article tombstones remain); with `deleteArticles`, also deletes the articles only it had.
 */
export async function removeFeed(deps: FeedAdminDeps, id: string, deleteArticles: boolean): Promise<RemovedFeed> {
  const feedId = checkObjectId("id", id);
  const db = deps.ingest.db;
  if (!(await deleteFeedDoc(db, feedId))) throw new EntityNotFoundError(`No feed with id ${id}.`);
  await deleteItemIndex(db, feedId);
  if (!deleteArticles) return { id, deletedArticles: 0, detachedArticles: 0 };
  const { deleted, detached } = await deleteFeedArticles(db, feedId);
  await applyRollupChanges(
    db,
    deleted.map((doc) => ({ before: doc, after: null })),
  );
  return { id, deletedArticles: deleted.length, detachedArticles: detached };
}

/** Refreshes a feed now, due or not: the ingest use-case, as the CLI's `--feed` runs it. */
export async function refreshFeedNow(deps: FeedAdminDeps, id: string): Promise<RefreshSummary> {
  checkObjectId("id", id);
  const summary = await refreshFeed(deps.ingest, id, deps.now());
  if (summary.errorCode === "FEED_NOT_FOUND") throw new EntityNotFoundError(`No feed with id ${id}.`);
  return summary;
}

/** Registers the feeds of an OPML document (fetched later, by the scheduler: they are due at once). */
export async function importOpmlFeeds(deps: FeedAdminDeps, text: string): Promise<AddFeedsReport> {
  try {
    return await importOpml(deps.ingest.db, text, { normalizeUrl: normalizeFeedUrl, now: deps.now() });
  } catch (error) {
    if (error instanceof OpmlError) throw new InvalidInputError(`\`opml\`: ${error.message}`);
    throw error;
  }
}

function checkFeedUrl(raw: string): URL {
  if (raw.length > 2048) throw new InvalidInputError("`url` is limited to 2048 characters.");
  try {
    return parseFeedUrl(raw);
  } catch (error) {
    throw new InvalidInputError(`\`url\`: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

/**
 * The fetcher's SSRF rule, applied before registering: a literal address, or every address the
 * name resolves to, must be allowed. A name that does not resolve now is registered anyway: the
 * first fetch records DNS_FAILED on the feed, and the fetcher checks again on every connect.
 */
async function checkFeedDestination(deps: FeedAdminDeps, url: URL): Promise<void> {
  const port = portOf(url);
  const literal = literalAddressOf(url);
  let addresses: string[];
  if (literal !== null) addresses = [literal];
  else {
    try {
      addresses = (await deps.resolveHost(hostOf(url))).map((answer) => answer.address);
    } catch {
      return;
    }
  }
  for (const address of addresses) {
    const verdict = checkDestination(address, port, deps.allowList);
    if (!verdict.allowed) throw new InvalidInputError(`\`url\`: destination not allowed: ${verdict.reason}.`);
  }
}

/** The registry's API use-cases over one set of dependencies (composed in src/app.ts). */
export function createFeedAdmin(deps: FeedAdminDeps) {
  return {
    addFeed: (input: NewFeedInput) => addFeed(deps, input),
    updateFeed: (id: string, input: Omit<NewFeedInput, "url">) => updateFeed(deps, id, input),
    removeFeed: (id: string, deleteArticles: boolean) => removeFeed(deps, id, deleteArticles),
    refreshFeed: (id: string) => refreshFeedNow(deps, id),
    importOpml: (text: string) => importOpmlFeeds(deps, text),
    // Here because deleting must leave the tombstones that the ingest runs of these feeds read.
    deleteArticle: (id: string) => deleteArticle({ db: deps.ingest.db, now: deps.now }, id),
  };
}
export type FeedAdmin = ReturnType<typeof createFeedAdmin>;
