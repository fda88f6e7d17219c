/**
 * Descriptive statistics with numpy / scipy conventions: `variance` and `std` take `ddof`
 * like numpy.var / numpy.std (but default to ddof = 1, the unbiased sample variance), and
 * `standardError` is scipy.stats.sem.
 *
 * Every function rejects an empty sample and non-finite values with an InputError, so a NaN
 * result always means "undefined" (too few values for the ddof), never bad input.
 */
import { InputError } from "../errors.js";

/**
 * Arithmetic mean Σx / n, summed with Neumaier's compensation so long samples keep full precision.
 *
 * @example mean([1, 2, 3, 4]) // 2.5
 */
export function mean(x: ArrayLike<number>): number {
  checkSample(x, "mean");
  return compensatedSum(x) / x.length;
}

/**
 * Variance Σ(x - mean)² / (n - ddof), computed in two passes (as numpy.var) to avoid the
 * cancellation of the Σx² - n·mean² shortcut. ddof = 1 (default) is the unbiased sample
 * variance, ddof = 0 the population variance. NaN when n <= ddof (undefined, as numpy).
 *
 * @example variance([2, 4, 4, 4, 5, 5, 7, 9]) // 32 / 7
 * @example variance([2, 4, 4, 4, 5, 5, 7, 9], 0) // 4
 */
export function variance(x: ArrayLike<number>, ddof = 1): number {
  checkSample(x, "variance");
  if (!(Number.isFinite(ddof) && ddof >= 0)) {
    throw new Error(`variance: ddof must be a finite number >= 0 (1 for a sample, 0 for a population), got ${ddof}`);
  }
  const n = x.length;
  if (n <= ddof) return NaN;
  const m = compensatedSum(x) / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    squares += d * d;
  }
  return squares / (n - ddof);
}

/**
 * Standard deviation sqrt(variance(x, ddof)); default ddof = 1. NaN when n <= ddof.
 *
 * @example std([2, 4, 4, 4, 5, 5, 7, 9], 0) // 2
 */
export function std(x: ArrayLike<number>, ddof = 1): number {
  return Math.sqrt(variance(x, ddof));
}

/**
 * Standard error of the mean, std(x, ddof = 1) / sqrt(n), as scipy.stats.sem. NaN when n = 1.
 *
 * @example standardError([1, 2, 3, 4]) // sqrt(5/3) / 2 ≈ 0.6455
 */
export function standardError(x: ArrayLike<number>): number {
  return std(x, 1) / Math.sqrt(x.length);
}

function checkSample(x: ArrayLike<number>, fn: string): void {
  if (x == null || typeof x.length !== "number") {
    throw new Error(`${fn}: x must be an array of numbers, got ${String(x)}`);
  }
  if (x.length === 0) {
    throw new InputError(`${fn}: x is empty`, "pass at least one value");
  }
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new InputError(`${fn}: x[${i}] is ${String(x[i])}, not a finite number`, "drop or fix missing values first");
    }
  }
}

// Neumaier 1974: Kahan summation that also handles addends larger than the running sum.
function compensatedSum(x: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0; // the low-order bits lost so far
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}
