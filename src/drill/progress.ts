import { mean } from "../stats/describe.js";
import { AREAS, type Card } from "./card.js";
import type { AttemptScore } from "./history.js";
import { rubricCoverage } from "./rubric.js";
import { retrievability, type ReviewState } from "./scheduler.js";

/** One row of `dojo progress`. */
export interface AreaProgress {
  area: string;
  cards: number;
  /** Cards answered at least once. */
  seen: number;
  /** Mean FSRS probability of recall now, over the cards seen (null when none). */
  retention: number | null;
  dueNow: number;
  /** Mean rubric coverage over all attempts (null when none). */
  coverage: number | null;
  /** Mean coverage of the last 5 attempts minus the 5 before them (null with fewer than 10). */
  trend: number | null;
}

/** The number of attempts compared on each side of the trend. */
export const TREND_WINDOW = 5;

/**
 * Per-area progress, weakest areas first: areas never practised last; among the others,
 * lowest rubric coverage first, then lowest retention.
 */
export function areaProgress(
  cards: readonly Card[],
  states: ReadonlyMap<string, ReviewState>,
  attempts: readonly AttemptScore[],
  now: Date,
): AreaProgress[] {
  const areaOf = new Map(cards.map((c) => [c.id, c.area]));
  // One pass over the attempts (there may be tens of thousands), in order, per area.
  const coveragesByArea = new Map<string, number[]>(AREAS.map((area) => [area, []]));
  for (const a of attempts) {
    const area = areaOf.get(a.cardId);
    if (area !== undefined) coveragesByArea.get(area)!.push(rubricCoverage(a.rubricTicks));
  }
  const rows = AREAS.map((area) => {
    const areaCards = cards.filter((c) => c.area === area);
    const reviewed = areaCards.map((c) => states.get(c.id)).filter((s): s is ReviewState => s !== undefined);
    const coverages = coveragesByArea.get(area)!;
    const recent = coverages.slice(-TREND_WINDOW);
    const before = coverages.slice(-2 * TREND_WINDOW, -TREND_WINDOW);
    return {
      area,
      cards: areaCards.length,
      seen: reviewed.length,
      retention: reviewed.length ? mean(reviewed.map((s) => retrievability(s, now))) : null,
      dueNow: reviewed.filter((s) => s.due.getTime() <= now.getTime()).length,
      coverage: coverages.length ? mean(coverages) : null,
      trend: before.length === TREND_WINDOW ? mean(recent) - mean(before) : null,
    };
  });
  const rank = (r: AreaProgress) => [r.coverage ?? Infinity, r.retention ?? Infinity];
  return rows.sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1]);
}
