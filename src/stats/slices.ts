/**
 * Per-slice tables: a metric broken down by a label (task category, length bucket,
 * language), each slice with its own n and interval, so a reader can see which slice
 * differences are larger than their noise.
 */
import { compareCodePoints } from "../code-point-order.js";
import { InputError } from "../errors.js";
import { bootstrapMean, type BootstrapOptions } from "./bootstrap.js";
import { mean } from "./describe.js";
import { holmBonferroni } from "./holm.js";
import { approximateRandomizationTest, pairedBootstrapTest, type PairedOptions } from "./paired.js";

export interface SliceRow {
  slice: string;
  n: number;
  mean: number;
  low: number;
  high: number;
}

export interface SliceComparisonRow {
  slice: string;
  n: number;
  meanA: number;
  meanB: number;
  /** meanB − meanA. */
  delta: number;
  /** Paired bootstrap percentile CI of delta. */
  low: number;
  high: number;
  /** Two-sided approximate randomization p-value (exact when the slice is small). */
  pValue: number;
  /** Holm-adjusted across all slices in this table. */
  pAdjusted: number;
}

/**
 * Per-slice mean with a bootstrap CI: `bootstrapMean` on each slice's values with the
 * given options (the same seed for every slice, so each row is reproducible on its own).
 * Rows are sorted by slice name in code-point order, independent of locale.
 *
 * @example
 * sliceTable([1, 0, 1, 1], ["math", "code", "math", "code"])
 * // [{ slice: "code", n: 2, mean: 0.5, ... }, { slice: "math", n: 2, mean: 1, ... }]
 */
export function sliceTable(
  values: ArrayLike<number>,
  labels: readonly string[],
  opts?: BootstrapOptions,
): SliceRow[] {
  checkFinite("values", values);
  checkLabels(labels, values.length, "values has");
  return groupBySlice(labels).map(({ slice, indices }) => {
    const sliceValues = Float64Array.from(indices, (i) => values[i]);
    const ci = bootstrapMean(sliceValues, opts);
    return { slice, n: indices.length, mean: ci.estimate, low: ci.low, high: ci.high };
  });
}

/**
 * Per-slice paired comparison of system b against system a on the same examples:
 * delta and CI from `pairedBootstrapTest`, pValue from `approximateRandomizationTest`
 * (two-sided), and pAdjusted by Holm–Bonferroni across the slices, because reading
 * many slices is many tests. Rows are sorted by slice name in code-point order.
 *
 * @example
 * compareSlices([0, 1, 0, 1, 0, 0, 1, 1], [1, 1, 1, 1, 0, 1, 1, 1], ["x", "x", "x", "x", "y", "y", "y", "y"])
 * // [{ slice: "x", n: 4, meanA: 0.5, meanB: 1, delta: 0.5, low: 0, high: 1, pValue: 0.5, pAdjusted: 1 },
 * //  { slice: "y", n: 4, meanA: 0.5, meanB: 0.75, delta: 0.25, low: 0, high: 0.75, pValue: 1, pAdjusted: 1 }]
 */
export function compareSlices(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  labels: readonly string[],
  opts: PairedOptions = {},
): SliceComparisonRow[] {
  checkFinite("a", a);
  checkFinite("b", b);
  if (a.length !== b.length) {
    throw new Error(`compareSlices: a and b have different lengths (${a.length} and ${b.length}): one score per example for both systems`);
  }
  checkLabels(labels, a.length, "a and b have");

  const rows = groupBySlice(labels).map(({ slice, indices }) => {
    const sliceA = Float64Array.from(indices, (i) => a[i]);
    const sliceB = Float64Array.from(indices, (i) => b[i]);
    const bootstrap = pairedBootstrapTest(sliceA, sliceB, opts);
    const randomization = approximateRandomizationTest(sliceA, sliceB, {
      nResamples: opts.nResamples,
      seed: opts.seed,
    });
    return {
      slice,
      n: indices.length,
      meanA: mean(sliceA),
      meanB: mean(sliceB),
      delta: bootstrap.delta,
      low: bootstrap.low,
      high: bootstrap.high,
      pValue: randomization.pValue,
    };
  });
  const adjusted = holmBonferroni(rows.map((row) => row.pValue));
  return rows.map((row, k) => ({ ...row, pAdjusted: adjusted[k] }));
}

/** Example indices of each distinct label, sorted by label in code-point order. */
export function groupBySlice(labels: readonly string[]): { slice: string; indices: number[] }[] {
  const bySlice = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const indices = bySlice.get(label);
    if (indices) indices.push(i);
    else bySlice.set(label, [i]);
  });
  return [...bySlice.entries()]
    .sort(([x], [y]) => compareCodePoints(x, y))
    .map(([slice, indices]) => ({ slice, indices }));
}

function checkFinite(name: string, x: ArrayLike<number>): void {
  if (x.length === 0) throw new InputError(`${name} is empty`, "pass at least one per-example score");
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new InputError(`${name}[${i}] is ${x[i]}, not a finite number`, "remove or fix the example");
  }
}

/** `scoresHave` names the scores for the message, e.g. "values has". */
function checkLabels(labels: readonly string[], expected: number, scoresHave: string): void {
  if (labels.length !== expected) {
    throw new Error(`labels has ${labels.length} entries but ${scoresHave} ${expected}: one slice label per example`);
  }
  labels.forEach((label, i) => {
    if (typeof label !== "string") {
      throw new Error(`labels[${i}] is ${String(label)}, not a string`);
    }
  });
}
