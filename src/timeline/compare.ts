import type { Db } from "mongodb";

import type { FactChange, Hypervisor } from "../model/catalog.js";
import { findArticleSlices } from "../store/article-queries.js";
import { findHypervisorsBySlugs } from "../store/catalog-queries.js";
import { InvalidInputError } from "./domain-errors.js";
import { checkSlugList } from "./input-rules.js";

/** The three design questions the catalog answers for every hypervisor, and the topic each is. */
export const ASPECT_TOPICS = {
  ARCHITECTURE: "hypervisor-architecture",
  HARDWARE_ASSIST: "hardware-assist",
  PARAVIRTUALIZATION: "paravirtualization",
} as const;
export type Aspect = keyof typeof ASPECT_TOPICS;

/** One hypervisor's answer to one aspect, with the newest articles linked to both. */
export interface ComparisonCell {
  hypervisor: Hypervisor;
  summary: string;
  changes: FactChange[];
  articleIds: string[];
}

export interface ComparisonRow {
  aspect: Aspect;
  topic: string;
  cells: ComparisonCell[];
}

export interface Comparison {
  hypervisors: Hypervisor[];
  rows: ComparisonRow[];
}

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 6;
/** Newest articles per cell. */
export const ARTICLES_PER_CELL = 5;
/** Slices read to fill the cells: the newest about any compared hypervisor and any aspect. */
const MAX_SLICES = 5_000;

/**
 * Side by side on architecture, hardware assist and paravirtualization. Two commands whatever
 * the number of hypervisors: the hypervisors, and the newest articles linked to any of them and
 * any aspect's topic, shared out to the cells in memory (the article bodies come through the
 * article DataLoader).
 */
export async function compareHypervisors(db: Db, slugs: readonly string[]): Promise<Comparison> {
  const wanted = checkSlugList("hypervisors", slugs);
  if (wanted.length < MIN_COMPARED || wanted.length > MAX_COMPARED) {
    throw new InvalidInputError(
      `\`hypervisors\`: compare ${MIN_COMPARED} to ${MAX_COMPARED} distinct hypervisors (got ${wanted.length}).`,
    );
  }
  const topics = Object.values(ASPECT_TOPICS);
  const [found, slices] = await Promise.all([
    findHypervisorsBySlugs(db, wanted),
    findArticleSlices(db, { hypervisors: { $in: wanted }, topics: { $in: topics } }, MAX_SLICES),
  ]);
  const bySlug = new Map(found.map((hypervisor) => [hypervisor.slug, hypervisor]));
  const missing = wanted.filter((slug) => !bySlug.has(slug));
  if (missing.length > 0) {
    throw new InvalidInputError(`\`hypervisors\`: unknown hypervisor ${missing.map((s) => `"${s}"`).join(", ")}.`);
  }
  const hypervisors = wanted.map((slug) => bySlug.get(slug) as Hypervisor);
  const rows = (Object.keys(ASPECT_TOPICS) as Aspect[]).map((aspect) => ({
    aspect,
    topic: ASPECT_TOPICS[aspect],
    cells: hypervisors.map((hypervisor) => ({
      hypervisor,
      ...factOf(hypervisor, aspect),
      articleIds: slices
        .filter((slice) => slice.hypervisors.includes(hypervisor.slug) && slice.topics.includes(ASPECT_TOPICS[aspect]))
        .slice(0, ARTICLES_PER_CELL)
        .map((slice) => slice._id.toHexString()),
    })),
  }));
  return { hypervisors, rows };
}

function factOf(hypervisor: Hypervisor, aspect: Aspect): { summary: string; changes: FactChange[] } {
  const { architecture, hardwareAssist, paravirtualization } = hypervisor.facts;
  switch (aspect) {
    case "ARCHITECTURE":
      return {
        summary: `${words(architecture.style)}${architecture.controlDomain ? `; control domain: ${architecture.controlDomain}` : ""}`,
        changes: architecture.changes,
      };
    case "HARDWARE_ASSIST":
      return { summary: `hardware assist ${words(hardwareAssist.requirement)}`, changes: hardwareAssist.changes };
    case "PARAVIRTUALIZATION":
      return {
        summary: paravirtualization.supports.length > 0 ? paravirtualization.supports.join(", ") : "none",
        changes: paravirtualization.changes,
      };
  }
}

const words = (value: string) => value.toLowerCase().replace(/_/g, " ");
