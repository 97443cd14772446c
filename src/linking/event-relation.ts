import type { EventRelation } from "../model/links.js";
import type { EventTiming } from "./event-window.js";
import type { ScanResult } from "./scan-text.js";

const RETROSPECTIVE_AFTER_DAYS = 365;

/** Relation cues count in the title and summary only: they describe the article, not its quotes. */
export function cueInHeadline(scan: ScanResult, termIds: readonly number[]): boolean {
  return termIds.some((termId) =>
    (scan.hits.get(termId) ?? []).some(({ field }) => field.field === "title" || field.field === "summary"),
  );
}

export interface RelationCues {
  retrospective: boolean;
  analysis: boolean;
  announce: boolean;
}

/**
 * How the article relates to the event, where the text and the date tell: a look back long
 * after; a review or analysis; the announcement itself (announcing words within a day of a
 * phase); a report; or nothing for a preview published before the first phase.
 */
export function relationOf(timing: EventTiming, cues: RelationCues): EventRelation | null {
  if (!timing.inWindow) return "RETROSPECTIVE";
  if (cues.retrospective && timing.daysAfterLast > RETROSPECTIVE_AFTER_DAYS) return "RETROSPECTIVE";
  if (cues.analysis) return "ANALYZES";
  if (cues.announce && Math.abs(timing.daysFromNearest) <= 1) return "ANNOUNCES";
  if (timing.beforeFirst) return null;
  return "REPORTS";
}
