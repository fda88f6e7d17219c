/**
 * Summaries of one configuration run with several seeds: the spread across seeds is the
 * noise floor any claimed improvement has to clear.
 */
import { InputError } from "../errors.js";
import { checkLevel } from "./level.js";
import { mean, std } from "./describe.js";
import { studentTPpf } from "./distributions.js";

export interface SeedSummary {
  /** Number of seeds. */
  n: number;
  mean: number;
  /** Sample standard deviation (ddof = 1); NaN when n = 1. */
  std: number;
  min: number;
  max: number;
  /** Student-t confidence interval for the mean; NaN when n = 1. */
  low: number;
  high: number;
  level: number;
}

/**
 * Mean, std (ddof = 1), min, max and a Student-t confidence interval for the mean across
 * seeds: mean ± t_{n−1}((1+level)/2) · std/√n, the same as
 * `scipy.stats.t.interval(level, n − 1, loc=mean, scale=std/√n)`.
 *
 * With one seed the spread is unknown, so std and the CI are NaN. With zero spread
 * (all seeds equal) the CI is [mean, mean] (scipy returns NaN there, because it
 * requires scale > 0).
 *
 * @example
 * summarizeSeeds([1.91, 1.88, 1.90]) // { n: 3, mean: 1.8967, std: 0.0153, low: 1.8587, high: 1.9346, ... }
 */
export function summarizeSeeds(values: ArrayLike<number>, level = 0.95): SeedSummary {
  const n = values.length;
  if (n === 0) throw new InputError("values is empty", "pass one value per seed");
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      throw new InputError(`values[${i}] is ${v}, not a finite number`, "remove or fix the run that produced it");
    }
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  checkLevel(level);

  const m = mean(values);
  if (n === 1) return { n, mean: m, std: NaN, min, max, low: NaN, high: NaN, level };

  const s = std(values, 1);
  const halfWidth = studentTPpf((1 + level) / 2, n - 1) * (s / Math.sqrt(n));
  return { n, mean: m, std: s, min, max, low: m - halfWidth, high: m + halfWidth, level };
}
