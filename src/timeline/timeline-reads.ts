import { type Db, ObjectId } from "mongodb";

import type { Article } from "../model/article.js";
import type { DatePrecision, TimelineEvent } from "../model/catalog.js";
import {
  type ArticleCriteria,
  articleFilterOf,
  findArticleSlices,
  linksMatch,
  needsLinkCheck,
} from "../store/article-queries.js";
import { articleFromDoc } from "../store/articles.js";
import { listEvents } from "../store/catalog-queries.js";
import { readDayCounts } from "../store/timeline-rollups.js";
import { articleCriteriaOf, type ArticleFilterInput } from "./article-filter.js";
import { findArticleDocs } from "./article-page.js";
import { type Bucket, bucketRanges, type DayTally, fillBuckets, type Granularity, tallyDays } from "./buckets.js";
import { phaseMarks } from "./event-match.js";
import { pageInMemory, type PlacedItem } from "./memory-page.js";
import { type Connection, type PageArgs, resolvePageRequest, stringIdCodec } from "./pagination.js";

/** The timeline's filter: the article filter, and whether catalog events are merged in. */
export interface TimelineFilterInput extends ArticleFilterInput {
  includeEvents?: boolean | null;
}

/** A checked timeline filter; the Timeline object's fields (items, buckets) read with it. */
export interface TimelineQuery {
  criteria: ArticleCriteria;
  includeEvents: boolean;
}

/** One entry of the merged timeline: an article (an instant) or an event phase (a partial date). */
export interface TimelineItem {
  kind: "ARTICLE" | "EVENT";
  date: Date;
  /** INSTANT for articles; an event phase keeps the precision it is known to. */
  precision: DatePrecision | "INSTANT";
  article: Article | null;
  event: TimelineEvent | null;
  phase: string | null;
}

export interface TimelineReads {
  timeline(filter: TimelineFilterInput): TimelineQuery;
  items(query: TimelineQuery, args: PageArgs): Promise<Connection<TimelineItem>>;
  buckets(query: TimelineQuery, granularity: Granularity): Promise<Bucket<TimelineEvent>[]>;
}

/** Slices read at most by a bucket query that cannot use the stored counts (one 16 MB reply). */
const MAX_SLICES = 100_000;
/** An "e:" cursor sorts above every article of its instant: like the largest ObjectId. */
const ABOVE_ALL_ARTICLES = ObjectId.createFromHexString("f".repeat(24));

export function createTimelineReads(db: Db): TimelineReads {
  return {
    timeline: (filter) => ({ criteria: articleCriteriaOf(filter), includeEvents: filter.includeEvents ?? true }),
    items: (query, args) => timelineItems(db, query, args),
    buckets: (query, granularity) => timelineBuckets(db, query, granularity),
  };
}

/**
 * One page of articles and event phases merged, newest first, ids `a:<article id>` and
 * `e:<event slug>:<phase index>`. Two commands: the next articles past the cursor, and the
 * (small) events collection.
 */
async function timelineItems(db: Db, query: TimelineQuery, args: PageArgs): Promise<Connection<TimelineItem>> {
  const request = resolvePageRequest(args, stringIdCodec);
  const cursor = request.cursor;
  const articleCursor = cursor && {
    publishedAt: cursor.publishedAt,
    id:
      cursor.id.startsWith("a:") && /^a:[0-9a-f]{24}$/.test(cursor.id)
        ? ObjectId.createFromHexString(cursor.id.slice(2))
        : ABOVE_ALL_ARTICLES,
  };
  const [docs, events] = await Promise.all([
    findArticleDocs(db, query.criteria, { ...request, cursor: articleCursor }),
    query.includeEvents ? listEvents(db) : Promise.resolve([]),
  ]);
  const items: PlacedItem<TimelineItem>[] = docs.map((doc) => ({
    publishedAt: doc.publishedAt,
    _id: `a:${doc._id.toHexString()}`,
    node: {
      kind: "ARTICLE",
      date: doc.publishedAt,
      precision: "INSTANT",
      article: articleFromDoc(doc),
      event: null,
      phase: null,
    },
  }));
  for (const mark of phaseMarks(events, query.criteria)) {
    const index = mark.event.phases.findIndex((phase) => phase.name === mark.phase && phase.date === mark.date);
    items.push({
      publishedAt: mark.date,
      _id: `e:${mark.slug}:${index}`,
      node: {
        kind: "EVENT",
        date: mark.date,
        precision: mark.precision,
        article: null,
        event: mark.event,
        phase: mark.phase,
      },
    });
  }
  // The articles read are the next ones past the cursor; merged with every event, paging in memory
  // keeps exactly the page's size + 1 nearest items, so no article beyond those read can belong.
  return pageInMemory(items, args);
}

/**
 * Buckets of the filtered timeline. Unfiltered (dates only) it reads the stored day counts and
 * the events: two commands whatever the span. With other filters the counts are those of the
 * matching articles, read as slices in one command (up to MAX_SLICES).
 */
async function timelineBuckets(
  db: Db,
  query: TimelineQuery,
  granularity: Granularity,
): Promise<Bucket<TimelineEvent>[]> {
  const { criteria } = query;
  const [tallies, events] = await Promise.all([
    dayTallies(db, criteria),
    query.includeEvents ? listEvents(db) : Promise.resolve([]),
  ]);
  const marks = phaseMarks(events, criteria);
  const dates = [...tallies.map((tally) => tally.day), ...marks.map((mark) => mark.date)];
  if (dates.length === 0 && !(criteria.from && criteria.to)) return [];
  const from = criteria.from ?? new Date(Math.min(...dates.map((date) => date.getTime())));
  const to = criteria.to ?? new Date(Math.max(...dates.map((date) => date.getTime())) + 1);
  return fillBuckets(bucketRanges(from, to, granularity), tallies, marks);
}

async function dayTallies(db: Db, criteria: ArticleCriteria): Promise<DayTally[]> {
  const datesOnly =
    criteria.links.length === 0 &&
    criteria.feedIds.length === 0 &&
    criteria.tokens.length === 0 &&
    !needsLinkCheck(criteria);
  if (datesOnly) {
    const stored = await readDayCounts(
      db,
      criteria.from ? criteria.from.toISOString().slice(0, 7) : "0000-00",
      criteria.to ? criteria.to.toISOString().slice(0, 7) : "9999-99",
    );
    // Day counts are whole days: a bound inside a day keeps or drops that day's count as a whole.
    if (stored) {
      return stored.filter(
        (day) => (!criteria.from || day.day >= startOfDay(criteria.from)) && (!criteria.to || day.day < criteria.to),
      );
    }
  }
  const slices = await findArticleSlices(db, articleFilterOf(criteria), MAX_SLICES);
  return tallyDays(
    needsLinkCheck(criteria) ? slices.filter((slice) => linksMatch(criteria, slice.links ?? [])) : slices,
  );
}

const startOfDay = (date: Date) => new Date(date.toISOString().slice(0, 10));
