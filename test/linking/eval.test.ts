import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { readCatalog } from "../../src/catalog/read-catalog.js";
import { createLinker } from "../../src/linking/create-linker.js";
import type { Linker } from "../../src/model/links.js";
import { formatScore, type LabeledArticle, readEvalSet, type ScoredKind, scoreKind } from "./eval-metrics.js";

/** The bars the linker must clear on the labeled set (issue 4). */
const BARS: Readonly<Record<ScoredKind, { precision: number; recall: number } | null>> = {
  HYPERVISOR: { precision: 0.97, recall: 0.93 },
  EVENT: { precision: 0.9, recall: 0.85 },
  VENDOR: null,
};

describe("linker quality on test/linking/eval-set.json", () => {
  let articles: LabeledArticle[];
  let linker: Linker;
  before(async () => {
    [articles, linker] = await Promise.all([readEvalSet(), readCatalog().then((catalog) => createLinker(catalog))]);
  });

  it("has a labeled set of at least 200 articles", () => {
    assert.ok(articles.length >= 200, `${articles.length} articles`);
  });

  for (const kind of ["HYPERVISOR", "EVENT", "VENDOR"] as const) {
    const bar = BARS[kind];
    it(`${kind} links${bar ? `: precision >= ${bar.precision}, recall >= ${bar.recall}` : " (reported only)"}`, () => {
      const score = scoreKind(articles, linker, kind);
      console.log(formatScore(score));
      if (score.mistakes.length > 0) {
        const listed = score.mistakes.map((m) => `${m.id} -[${m.missing.join(",")}] +[${m.extra.join(",")}]`);
        console.log(`  mistakes: ${listed.join("; ")}`);
      }
      if (!bar) return;
      assert.ok(score.precision >= bar.precision, `${kind} precision ${score.precision.toFixed(3)} < ${bar.precision}`);
      assert.ok(score.recall >= bar.recall, `${kind} recall ${score.recall.toFixed(3)} < ${bar.recall}`);
    });
  }
});
