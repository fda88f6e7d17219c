/**
 * Welch's unequal-variance t-test (Welch 1947) for two arms summarized by per-seed
 * aggregates, e.g. final validation loss of 5 seeds with and without a change.
 */
import { InputError } from "../errors.js";
import { checkLevel } from "./level.js";
import { mean, variance } from "./describe.js";
import { studentTCdf, studentTPpf } from "./distributions.js";

export interface WelchResult {
  /** mean(b) − mean(a). */
  delta: number;
  /** Student-t confidence interval for delta with Welch–Satterthwaite df. */
  low: number;
  high: number;
  /** t = delta / SE. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value. */
  pValue: number;
}

/**
 * Welch's t-test and confidence interval for mean(b) − mean(a), matching
 * `scipy.stats.ttest_ind(b, a, equal_var=False)` and its `confidence_interval(level)`:
 *
 *   SE = sqrt(s_a²/n_a + s_b²/n_b)                      (s² with ddof = 1)
 *   t  = delta / SE
 *   df = SE⁴ / ((s_a²/n_a)²/(n_a−1) + (s_b²/n_b)²/(n_b−1))   (Welch–Satterthwaite)
 *   p  = 2 · T_df(−|t|),  CI = delta ± T_df⁻¹((1+level)/2) · SE
 *
 * With fewer than 2 values in either arm the variance is undefined: t, df, p and the
 * CI are NaN (delta is still reported). When both arms have zero spread, df is 0/0 and
 * is set to 1 like scipy (any df gives the same answer then); the CI is [delta, delta],
 * and t = ±Infinity with p = 0 if the means differ, or t = 0 with p = 1 if they are equal
 * (scipy returns NaN for that 0/0 case; p = 1 is its limit as the spread goes to 0).
 *
 * @example
 * welchTTest([2.01, 2.03, 2.02], [1.95, 1.97, 1.99]) // delta ≈ −0.05, t ≈ −3.87, df ≈ 2.94, pValue ≈ 0.032
 */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>, level = 0.95): WelchResult {
  checkArm("a", a);
  checkArm("b", b);
  checkLevel(level);

  const delta = mean(b) - mean(a);
  const na = a.length;
  const nb = b.length;
  if (na < 2 || nb < 2) {
    return { delta, low: NaN, high: NaN, t: NaN, df: NaN, pValue: NaN };
  }

  const va = variance(a, 1) / na; // squared standard error of mean(a)
  const vb = variance(b, 1) / nb;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    const t = delta === 0 ? 0 : delta > 0 ? Infinity : -Infinity;
    return { delta, low: delta, high: delta, t, df: 1, pValue: delta === 0 ? 1 : 0 };
  }

  // df is unchanged by scaling va and vb together; dividing by the larger keeps the fourth
  // powers of the values from overflowing (values near 1e150 would give Infinity / Infinity).
  const scale = Math.max(va, vb);
  const ra = va / scale;
  const rb = vb / scale;
  const df = (ra + rb) ** 2 / (ra ** 2 / (na - 1) + rb ** 2 / (nb - 1));
  const t = delta / se;
  const halfWidth = studentTPpf((1 + level) / 2, df) * se;
  return {
    delta,
    low: delta - halfWidth,
    high: delta + halfWidth,
    t,
    df,
    pValue: 2 * studentTCdf(-Math.abs(t), df),
  };
}

function checkArm(name: string, x: ArrayLike<number>): void {
  if (x.length === 0) throw new InputError(`${name} is empty`, "pass at least one value per arm (one per seed)");
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new InputError(`${name}[${i}] is ${x[i]}, not a finite number`, "remove or fix the run that produced it");
    }
  }
}
