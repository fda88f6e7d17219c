import { Rating, type Grade } from "ts-fsrs";

/** Share of rubric points the answer covered, in [0, 1]. */
export function rubricCoverage(ticks: readonly boolean[]): number {
  return ticks.length === 0 ? 0 : ticks.filter(Boolean).length / ticks.length;
}

/**
 * The rating suggested by rubric coverage, for the user to confirm or change:
 * under 40% Again, under 70% Hard, under 100% Good, everything covered Easy.
 *
 * @example suggestRating([true, true, false, true]) === Rating.Good // 75% covered
 */
export function suggestRating(ticks: readonly boolean[]): Grade {
  const coverage = rubricCoverage(ticks);
  if (coverage < 0.4) return Rating.Again;
  if (coverage < 0.7) return Rating.Hard;
  if (coverage < 1) return Rating.Good;
  return Rating.Easy;
}
