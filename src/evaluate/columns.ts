import { bootstrapMean, bootstrapRatio, type BootstrapMethod } from "../stats/bootstrap.js";

/**
 * A metric as per-example numbers, so that any subset (a slice) can be summarized
 * and bootstrapped by resampling examples.
 * - `mean`:  value = scale · mean(values)                          e.g. exact match, pass@k, win rate
 * - `ratio`: value = scale · transform(Σ numerators / Σ denominators)  e.g. corpus perplexity = exp(Σ NLL / Σ tokens)
 */
export type MetricColumn =
  | { name: string; scale: number; kind: "mean"; values: Float64Array; detail?: (indices: readonly number[]) => string }
  | {
      name: string;
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

function pick(values: Float64Array, indices: readonly number[]): Float64Array {
  const out = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]];
  return out;
}
