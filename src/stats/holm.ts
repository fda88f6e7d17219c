/**
 * Holm–Bonferroni correction (Holm 1979, "A Simple Sequentially Rejective Multiple Test
 * Procedure") for reading many slice comparisons at once: with 20 slices at α = 0.05,
 * one "significant" slice is expected by chance alone.
 */
import { InputError } from "../errors.js";

/**
 * Holm-adjusted p-values, returned in input order. With the m p-values sorted ascending
 * as p_(1) <= ... <= p_(m):
 *
 *   adj_(k) = min(1, max_{j <= k} (m − j + 1) · p_(j))
 *
 * The running max makes the adjusted values monotone in the raw ones (step-down), the
 * same as statsmodels `multipletests(p, method="holm")`. Rejecting where adj <= α controls
 * the family-wise error rate at α. Tied p-values get equal adjusted values. An empty list
 * returns an empty list.
 *
 * @example
 * holmBonferroni([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
export function holmBonferroni(pValues: readonly number[]): number[] {
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) {
      throw new InputError(`pValues[${i}] is ${p}, outside [0, 1]`, "pass p-values, not statistics or percentages");
    }
  });

  const m = pValues.length;
  const ascending = pValues.map((_, i) => i).sort((i, j) => pValues[i] - pValues[j]);
  const adjusted = new Array<number>(m);
  let runningMax = 0;
  ascending.forEach((index, rank) => {
    // rank is 0-based, so the multiplier m − j + 1 for 1-based j is m − rank
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * pValues[index]));
    adjusted[index] = runningMax;
  });
  return adjusted;
}
