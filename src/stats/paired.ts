/**
 * Paired significance tests for two systems scored on the same examples:
 * the paired bootstrap test (Koehn 2004) and the paired approximate randomization
 * test (Noreen 1989; Riezler & Maxwell 2005).
 *
 * Both work on the per-example differences d_i = b_i − a_i, so the example-to-example
 * variation that the two systems share cancels out. That is why a paired test can
 * detect a 1-point gain that two independent confidence intervals would call "overlapping".
 */
import { InputError } from "../errors.js";
import { linearQuantile } from "./bootstrap.js";
import { checkLevel } from "./level.js";
import { mean } from "./describe.js";
import { createRng, fillUniformInts } from "./prng.js";

export interface PairedOptions {
  /** Number of bootstrap resamples. Default 10000. */
  nResamples?: number;
  /** Seed for the resampling; same seed, same result. Default 0. */
  seed?: number;
  /** Confidence level of the interval for delta. Default 0.95. */
  level?: number;
}

export interface PairedBootstrapResult {
  /** mean(b) − mean(a) on the full sample. */
  delta: number;
  /** Percentile confidence interval of delta at the requested level. */
  low: number;
  high: number;
  /** One-sided: share of resamples whose delta does not have the sign of the observed delta. */
  pValue: number;
  nResamples: number;
}

export interface RandomizationResult {
  /** mean(b) − mean(a) on the full sample. */
  delta: number;
  /** Two-sided p-value for |mean difference|. */
  pValue: number;
  /** True when all 2^n swap patterns were enumerated (p is exact, not estimated). */
  exact: boolean;
  /** Swap patterns evaluated: 2^n when exact, else the requested number of random resamples. */
  nResamples: number;
}

/**
 * Paired bootstrap test (Koehn 2004, "Statistical Significance Tests for Machine
 * Translation Evaluation", section 4): resample example indices with replacement,
 * recompute delta = mean(b) − mean(a) on each resample.
 *
 * - [low, high] is the percentile interval of the resampled deltas.
 * - pValue is Koehn's "B is better in x% of samples" read as a one-sided p-value:
 *   the share of resamples in which the resampled delta does not have the sign of the
 *   observed delta (a tie, resampled delta = 0, counts as "not better").
 *   When the observed delta is exactly 0 there is no direction to support and pValue = 1.
 *
 * @example
 * pairedBootstrapTest([0, 1, 0, 1], [1, 1, 1, 1], { seed: 1 })
 * // { delta: 0.5, low: 0, high: 1, pValue: 0.0621, nResamples: 10000 }
 */
export function pairedBootstrapTest(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  opts: PairedOptions = {},
): PairedBootstrapResult {
  const { nResamples = 10000, seed = 0, level = 0.95 } = opts;
  const d = pairedDifferences(a, b);
  checkResampleCount(nResamples);
  checkLevel(level);

  const n = d.length;
  const delta = mean(b) - mean(a);
  const rng = createRng(seed);
  const indices = new Uint32Array(n);
  const resampledDeltas = new Float64Array(nResamples);
  let notSameSign = 0;
  for (let r = 0; r < nResamples; r++) {
    fillUniformInts(rng, n, indices); // n draws of rng.nextInt(n), batched
    // mean(b[idx]) − mean(a[idx]) = mean(d[idx]) for the same resampled indices idx
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d[indices[i]];
    const resampled = sum / n;
    resampledDeltas[r] = resampled;
    if ((delta > 0 && resampled <= 0) || (delta < 0 && resampled >= 0)) notSameSign++;
  }

  resampledDeltas.sort();
  const alpha = 1 - level;
  return {
    delta,
    low: linearQuantile(resampledDeltas, alpha / 2),
    high: linearQuantile(resampledDeltas, 1 - alpha / 2),
    pValue: delta === 0 ? 1 : notSameSign / nResamples,
    nResamples,
  };
}

/**
 * Paired approximate randomization test (Noreen 1989, "Computer-Intensive Methods for
 * Testing Hypotheses"; Riezler & Maxwell 2005), two-sided on |mean(b) − mean(a)|.
 *
 * Under the null hypothesis the two systems are exchangeable, so the label of each pair
 * can be swapped: swapping a_i and b_i flips the sign of d_i = b_i − a_i.
 * - Sampling: each resample swaps each pair with probability 1/2;
 *   p = (count(|d_r| >= |d_obs|) + 1) / (R + 1). The +1 counts the observed
 *   assignment itself, so p is never 0 (Noreen 1989; scipy.stats.permutation_test).
 * - Exact: when 2^n <= nResamples, all 2^n swap patterns are enumerated and
 *   p = count(|d_r| >= |d_obs|) / 2^n, where the count includes the identity pattern.
 *
 * @example
 * // d = [1, 2, -1]: 6 of the 8 sign patterns reach |sum| >= 2, so p = 6/8
 * approximateRandomizationTest([0, 0, 1], [1, 2, 0]) // { delta: 2/3, pValue: 0.75, exact: true, nResamples: 8 }
 */
export function approximateRandomizationTest(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  opts: { nResamples?: number; seed?: number } = {},
): RandomizationResult {
  const { nResamples = 10000, seed = 0 } = opts;
  const d = pairedDifferences(a, b);
  checkResampleCount(nResamples);

  const rng = createRng(seed); // created up front so a bad seed is reported even when exact

  const n = d.length;
  const delta = mean(b) - mean(a);
  // Test statistic |Σ s_i d_i| with signs s_i = ±1; it orders patterns exactly like
  // |mean difference| because n is fixed.
  let observedSum = 0;
  let sumAbs = 0;
  for (let i = 0; i < n; i++) {
    observedSum += d[i];
    sumAbs += Math.abs(d[i]);
  }
  // Patterns that tie mathematically can differ by rounding. A sum of n terms computed
  // in order is off by at most (n−1)·u·Σ|d_i| (u = EPSILON/2), so two such sums differ by
  // less than n·EPSILON·Σ|d_i|; treat anything within that as a tie ("at least as extreme").
  const threshold = Math.abs(observedSum) - n * Number.EPSILON * sumAbs;

  const patterns = 2 ** n;
  if (patterns <= nResamples) {
    // Enumerate sign patterns like an odometer: flip position 0, carry to the next
    // position when it wraps from −1 back to +1.
    const signs = new Int8Array(n).fill(1);
    let atLeastAsExtreme = 0;
    for (let p = 0; p < patterns; p++) {
      if (Math.abs(sumWithSigns(d, signs)) >= threshold) atLeastAsExtreme++;
      for (let i = 0; i < n; i++) {
        signs[i] = -signs[i];
        if (signs[i] === -1) break;
      }
    }
    return { delta, pValue: atLeastAsExtreme / patterns, exact: true, nResamples: patterns };
  }

  let atLeastAsExtreme = 0;
  for (let r = 0; r < nResamples; r++) {
    let sum = 0;
    let bits = 0;
    for (let i = 0; i < n; i++) {
      // One 32-bit draw supplies the coin flips for 32 pairs; bit 1 means swap (sign −1).
      // Multiplying by the sign instead of branching avoids unpredictable branches.
      if ((i & 31) === 0) bits = rng.nextUint32();
      const sign = 1 - 2 * ((bits >>> (i & 31)) & 1);
      sum += sign * d[i];
    }
    if (Math.abs(sum) >= threshold) atLeastAsExtreme++;
  }
  return {
    delta,
    pValue: (atLeastAsExtreme + 1) / (nResamples + 1),
    exact: false,
    nResamples,
  };
}

/** Σ s_i d_i, in index order. */
function sumWithSigns(d: Float64Array, signs: Int8Array): number {
  let sum = 0;
  for (let i = 0; i < d.length; i++) sum += signs[i] * d[i];
  return sum;
}

/** d_i = b_i − a_i after checking that a and b are non-empty, aligned and finite. */
function pairedDifferences(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  if (a.length === 0) {
    throw new InputError("a is empty", "pass at least one per-example score for each system");
  }
  if (a.length !== b.length) {
    throw new Error(`a and b have different lengths (${a.length} and ${b.length}): a paired test needs one score per example for both systems`);
  }
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) throw new InputError(`a[${i}] is ${a[i]}, not a finite number`, "remove or fix the example");
    if (!Number.isFinite(b[i])) throw new InputError(`b[${i}] is ${b[i]}, not a finite number`, "remove or fix the example");
    d[i] = b[i] - a[i];
  }
  return d;
}

function checkResampleCount(nResamples: number): void {
  if (!Number.isInteger(nResamples) || nResamples < 1) {
    throw new InputError(`nResamples is ${nResamples}`, "use a positive integer such as 10000");
  }
}
