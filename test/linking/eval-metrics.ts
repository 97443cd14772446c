import { readFile } from "node:fs/promises";

import { z } from "zod";

import type { Linker, LinkKind } from "../../src/model/links.js";

const labeledArticle = z.strictObject({
  id: z.string(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  title: z.string(),
  summary: z.string(),
  hypervisors: z.array(z.string()),
  vendors: z.array(z.string()),
  events: z.array(z.string()),
  note: z.string().optional(),
});
const evalSet = z.object({ about: z.unknown(), articles: z.array(labeledArticle).min(1) });

export type LabeledArticle = z.infer<typeof labeledArticle>;

const EVAL_SET = new URL("./eval-set.json", import.meta.url);

export async function readEvalSet(): Promise<LabeledArticle[]> {
  return evalSet.parse(JSON.parse(await readFile(EVAL_SET, "utf8"))).articles;
}

export type ScoredKind = Exclude<LinkKind, "TOPIC">;

const EXPECTED: Readonly<Record<ScoredKind, (article: LabeledArticle) => string[]>> = {
  HYPERVISOR: (article) => article.hypervisors,
  VENDOR: (article) => article.vendors,
  EVENT: (article) => article.events,
};

export interface SlugScore {
  slug: string;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Mistake {
  id: string;
  missing: string[];
  extra: string[];
}

export interface KindScore {
  kind: ScoredKind;
  precision: number;
  recall: number;
  perSlug: SlugScore[];
  mistakes: Mistake[];
}

/** Micro-averaged precision and recall of one link kind over the labeled articles. */
export function scoreKind(articles: readonly LabeledArticle[], linker: Linker, kind: ScoredKind): KindScore {
  const perSlug = new Map<string, SlugScore>();
  const slugScore = (slug: string) => {
    let score = perSlug.get(slug);
    if (!score) perSlug.set(slug, (score = { slug, truePositives: 0, falsePositives: 0, falseNegatives: 0 }));
    return score;
  };
  const mistakes: Mistake[] = [];
  for (const article of articles) {
    const links = linker.link({
      title: article.title,
      summary: article.summary,
      content: "",
      categories: [],
      publishedAt: new Date(`${article.date}T12:00:00Z`),
    });
    const found = new Set(links.filter((link) => link.kind === kind).map((link) => link.slug));
    const expected = new Set(EXPECTED[kind](article));
    for (const slug of found) {
      if (expected.has(slug)) slugScore(slug).truePositives++;
      else slugScore(slug).falsePositives++;
    }
    for (const slug of expected) if (!found.has(slug)) slugScore(slug).falseNegatives++;
    const missing = [...expected].filter((slug) => !found.has(slug));
    const extra = [...found].filter((slug) => !expected.has(slug));
    if (missing.length + extra.length > 0) mistakes.push({ id: article.id, missing, extra });
  }
  const totals = [...perSlug.values()].reduce(
    (sum, score) => ({
      tp: sum.tp + score.truePositives,
      fp: sum.fp + score.falsePositives,
      fn: sum.fn + score.falseNegatives,
    }),
    { tp: 0, fp: 0, fn: 0 },
  );
  return {
    kind,
    precision: totals.tp + totals.fp === 0 ? 1 : totals.tp / (totals.tp + totals.fp),
    recall: totals.tp + totals.fn === 0 ? 1 : totals.tp / (totals.tp + totals.fn),
    perSlug: [...perSlug.values()].sort((a, b) => (a.slug < b.slug ? -1 : 1)),
    mistakes,
  };
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/** A printable table: one row per slug, then the totals. */
export function formatScore(score: KindScore): string {
  const rows = score.perSlug.map((slug) => {
    const p = slug.truePositives / Math.max(1, slug.truePositives + slug.falsePositives);
    const r = slug.truePositives / Math.max(1, slug.truePositives + slug.falseNegatives);
    return `  ${slug.slug.padEnd(44)} ${String(slug.truePositives).padStart(4)} ${String(slug.falsePositives).padStart(4)} ${String(slug.falseNegatives).padStart(4)}  P ${pct(p).padStart(6)}  R ${pct(r).padStart(6)}`;
  });
  return [
    `${score.kind}: precision ${pct(score.precision)}, recall ${pct(score.recall)}`,
    `  ${"slug".padEnd(44)}   TP   FP   FN`,
    ...rows,
  ].join("\n");
}
