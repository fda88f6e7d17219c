import { InputError } from "../errors.js";
import { bootstrapMean, bootstrapRatio, type BootstrapMethod } from "../stats/bootstrap.js";

/**
 * A metric as per-example numbers, so that any subset (a slice) can be summarized
 * and bootstrapped by resampling examples.
 * - `mean`:  value = scale · mean(values)                          e.g. exact match, pass@k, win rate
 * - `ratio`: value = scale · transform(Σ numerators / Σ denominators)  e.g. corpus perplexity = exp(Σ NLL / Σ tokens)
 *            (denominators positive, transform monotone)
 * `field` is the record field the values come from, for messages.
 */
export type MetricColumn =
  | { name: string; field: string; scale: number; kind: "mean"; values: Float64Array; detail?: (indices: readonly number[]) => string }
  | {
      name: string;
      field: string;
      scale: number;
      kind: "ratio";
      numerators: Float64Array;
      denominators: Float64Array;
      transform: (ratio: number) => number;
      detail?: (indices: readonly number[]) => string;
    };

/** How intervals are computed; shared by every row of one report. */
export interface IntervalSettings {
  level: number;
  method: BootstrapMethod;
  nResamples: number;
  seed: number;
}

/** One line of an evaluation table. `low`/`high` bound the `level` confidence interval. */
export interface MetricRow {
  metric: string;
  slice: string | null;
  n: number;
  value: number;
  low: number;
  high: number;
  detail?: string;
}

/** Summarizes `column` over the examples at `indices` with a bootstrap interval. */
export function summarizeColumn(
  column: MetricColumn,
  indices: readonly number[],
  slice: string | null,
  settings: IntervalSettings,
  onProgress?: (done: number, total: number) => void,
): MetricRow {
  const options = { ...settings, onProgress };
  const result =
    column.kind === "mean"
      ? bootstrapMean(pick(column.values, indices), options)
      : bootstrapRatio(pick(column.numerators, indices), pick(column.denominators, indices), {
          ...options,
          transform: column.transform,
        });
  const row: MetricRow = {
    metric: column.name,
    slice,
    n: indices.length,
    value: result.estimate * column.scale,
    low: result.low * column.scale,
    high: result.high * column.scale,
  };
  // A zero-width interval is not precision: the data give the bootstrap nothing to vary.
  const notes = [column.detail?.(indices), result.low === result.high ? "zero-width interval: every resample gives the same value" : ""];
  const detail = notes.filter(Boolean).join("; ");
  if (detail) row.detail = detail;
  return row;
}

/**
 * Checks that every statistic the bootstrap can compute on `column`, over any resample of
 * any subset of the records, is a finite number; otherwise an InputError names the record
 * whose value is out of range (`where(i)` is "file:line", `hint` the record fields).
 * - mean:  a resample sum is at most n · max|v|;
 * - ratio: resample sums are at most n · max|num| and n · max|den|, and with positive
 *          denominators a ratio of sums lies between the smallest and largest per-record
 *          ratio num_i / den_i, so a monotone transform is finite on it when it is finite
 *          on every per-record ratio.
 */
export function checkColumnRange(column: MetricColumn, where: (index: number) => string, hint: string): void {
  const fail = (i: number, what: string) => {
    throw new InputError(`${where(i)}: field ${column.field}: ${what}`, hint);
  };
  const checkSums = (values: Float64Array, subject: string) => {
    let largest = 0;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) fail(i, `${subject} is ${values[i]} for this record, beyond the range of a double`);
      if (Math.abs(values[i]) > Math.abs(values[largest])) largest = i;
    }
    if (!Number.isFinite(values[largest] * values.length)) {
      fail(largest, `${subject} is ${values[largest]} for this record: summed over ${values.length} records it overflows a double`);
    }
  };
  if (column.kind === "mean") {
    checkSums(column.values, column.name);
    return;
  }
  checkSums(column.numerators, `the numerator of ${column.name}`);
  checkSums(column.denominators, `the denominator of ${column.name}`);
  column.numerators.forEach((numerator, i) => {
    const alone = column.transform(numerator / column.denominators[i]);
    if (!Number.isFinite(alone)) fail(i, `${column.name} of this record alone is ${alone}, beyond the range of a double`);
  });
}

function pick(values: Float64Array, indices: readonly number[]): Float64Array {
  const out = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]];
  return out;
}
