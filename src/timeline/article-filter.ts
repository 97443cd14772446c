import type { ArticleCriteria, LinkCondition, MatchMode, RejectedLinks } from "../store/article-queries.js";
import { InvalidInputError } from "./domain-errors.js";
import { checkConfidence, checkDateRange, checkObjectIdList, checkSlugList } from "./input-rules.js";
import { queryTokensOf } from "./search-tokens.js";

export type { MatchMode, RejectedLinks };

/** The article filter as a client sends it (the GraphQL ArticleFilter input), still unchecked. */
export interface ArticleFilterInput {
  hypervisors?: string[] | null;
  /** ANY (default): an article about any of them; ALL: about every one. */
  hypervisorMatch?: MatchMode | null;
  vendors?: string[] | null;
  topics?: string[] | null;
  events?: string[] | null;
  feeds?: string[] | null;
  from?: Date | null;
  to?: Date | null;
  text?: string | null;
  minConfidence?: number | null;
  rejectedLinks?: RejectedLinks | null;
}

/** Checks a client's filter and turns it into store criteria; throws InvalidInputError. */
export function articleCriteriaOf(input: ArticleFilterInput | null | undefined): ArticleCriteria {
  const filter = input ?? {};
  const links: LinkCondition[] = [];
  const add = (kind: LinkCondition["kind"], slugs: string[], mode: MatchMode = "ANY") => {
    if (slugs.length > 0) links.push({ kind, slugs, mode });
  };
  add("HYPERVISOR", checkSlugList("filter.hypervisors", filter.hypervisors), filter.hypervisorMatch ?? "ANY");
  add("VENDOR", checkSlugList("filter.vendors", filter.vendors));
  add("TOPIC", checkSlugList("filter.topics", filter.topics));
  add("EVENT", checkSlugList("filter.events", filter.events));
  return {
    links,
    feedIds: checkObjectIdList("filter.feeds", filter.feeds),
    ...checkDateRange(filter.from, filter.to),
    tokens: searchWords("filter.text", filter.text),
    minConfidence: checkConfidence("filter.minConfidence", filter.minConfidence),
    rejectedLinks: filter.rejectedLinks ?? "EXCLUDE",
  };
}

/** The words of a search text ([] when absent); throws for text that is too long or has no word. */
export function searchWords(argument: string, text: string | null | undefined): string[] {
  if (text === null || text === undefined) return [];
  const result = queryTokensOf(text);
  if (!result.ok) throw new InvalidInputError(`\`${argument}\`: ${result.reason}.`);
  return result.tokens;
}
