import { z } from "zod";

import type { ArticleFilterInput } from "../timeline/article-filter.js";
import { commaList, isoDate, single, text } from "./query-params.js";

/**
 * The saved-filter form of a published feed: the article filter as URL query parameters, e.g.
 * `/feeds/articles.atom?hypervisors=xen,kvm&minConfidence=0.8`. Lists are comma-separated (or
 * repeated); an unknown parameter is refused, so a typo in a saved URL is reported instead of
 * silently widening the feed. The use-case (src/timeline) checks slugs and ids as for queries.
 */
export const DEFAULT_FEED_SIZE = 50;
export const MAX_FEED_SIZE = 100;

const LIST_KEYS = ["hypervisors", "vendors", "topics", "events", "feeds"] as const;
type ListKey = (typeof LIST_KEYS)[number];

const list = commaList(text(64));

const querySchema = z.strictObject({
  hypervisors: list.optional(),
  vendors: list.optional(),
  topics: list.optional(),
  events: list.optional(),
  feeds: list.optional(),
  hypervisorMatch: single(z.enum(["any", "all"])).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  text: single(text(200)).optional(),
  minConfidence: single(text(10))
    .transform(Number)
    .pipe(z.number({ error: "expected a number" }).min(0).max(1))
    .optional(),
  limit: single(text(4))
    .transform(Number)
    .pipe(z.number({ error: "expected a number" }).int().min(1).max(MAX_FEED_SIZE))
    .optional(),
});

export interface FeedRequest {
  filter: ArticleFilterInput;
  limit: number;
  /** The query in one canonical order (keys sorted, lists sorted): self links and feed ids. */
  canonicalQuery: string;
}

export type FeedRequestResult = { ok: true; request: FeedRequest } | { ok: false; message: string };

/** Narrows the (untrusted) query of a feed URL; `fixed` adds the slug of a per-entity path. */
export function parseFeedRequest(query: unknown, fixed?: { key: ListKey; slug: string }): FeedRequestResult {
  const parsed = querySchema.safeParse(query ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `\`${issue.path.join(".")}\`: ` : "";
    const message = issue?.code === "unrecognized_keys" ? `unknown parameter ${issue.keys.join(", ")}` : issue?.message;
    return { ok: false, message: `${where}${message ?? "invalid query"}` };
  }
  const q = parsed.data;
  const lists: Partial<Record<ListKey, string[]>> = {};
  for (const key of LIST_KEYS) {
    const values = key === fixed?.key ? [fixed.slug] : (q[key] ?? []);
    if (values.length > 0) lists[key] = [...new Set(values)].sort();
  }
  const filter: ArticleFilterInput = {
    ...lists,
    ...(q.hypervisorMatch ? { hypervisorMatch: q.hypervisorMatch === "all" ? "ALL" : "ANY" } : {}),
    ...(q.from ? { from: new Date(q.from) } : {}),
    ...(q.to ? { to: new Date(q.to) } : {}),
    ...(q.text ? { text: q.text } : {}),
    ...(q.minConfidence !== undefined ? { minConfidence: q.minConfidence } : {}),
  };
  const canonical: [string, string][] = [
    ...LIST_KEYS.filter((key) => key !== fixed?.key && lists[key]).map((key): [string, string] => [
      key,
      (lists[key] ?? []).join(","),
    ]),
    ...(["hypervisorMatch", "from", "to", "text", "minConfidence", "limit"] as const)
      .filter((key) => q[key] !== undefined)
      .map((key): [string, string] => [key, String(q[key])]),
  ];
  canonical.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    ok: true,
    request: {
      filter,
      limit: q.limit ?? DEFAULT_FEED_SIZE,
      canonicalQuery: new URLSearchParams(canonical).toString(),
    },
  };
}
