import { InputError } from "../errors.js";
import { mean, std } from "../stats/describe.js";
import { approximateRandomizationTest, pairedBootstrapTest } from "../stats/paired.js";
import { welchTTest } from "../stats/welch.js";
import type { AblationRun, Arm, DeltaRow } from "./types.js";

/** Metric names that are errors or costs, so that lower is better, unless told otherwise. */
const LOWER_IS_BETTER = /loss|perplexity|ppl|nll|error|latency|bpb|bits_per/i;

export interface DeltaSettings {
  level: number;
  nResamples: number;
  seed: number;
  lowerIsBetter?: readonly string[];
}

/** Which direction improves `metric`: the explicit list if given, else the name heuristic. */
export function betterDirection(metric: string, lowerIsBetter?: readonly string[]): "higher" | "lower" {
  if (lowerIsBetter) return lowerIsBetter.includes(metric) ? "lower" : "higher";
  return LOWER_IS_BETTER.test(metric) ? "lower" : "higher";
}

/** Metric names in the order the baseline's first run lists them. */
export function metricNames(baseline: Arm): string[] {
  return Object.keys(baseline.runs[0].metrics);
}

/** A run's value of `metric`: the number, or its per-example values. Missing is an input error. */
function metricOf(run: AblationRun, metric: string): number | readonly number[] {
  const value = run.metrics[metric];
  if (value === undefined) {
    throw new InputError(`${run.source}: field metrics.${metric}: missing (the baseline reports it)`, "every run needs every metric");
  }
  return value;
}

/** Each seed's aggregate: the number itself, or the mean of the per-example values. */
export function seedAggregates(arm: Arm, metric: string): number[] {
  return arm.runs.map((run) => {
    const value = metricOf(run, metric);
    return typeof value === "number" ? value : mean(value);
  });
}

/**
 * Per-example values averaged over seeds, when every run of both arms has per-example
 * values of one common length (the same examples in the same order); otherwise null.
 */
export function pairedExamples(baseline: Arm, variant: Arm, metric: string): [Float64Array, Float64Array] | null {
  const perRun = [...baseline.runs, ...variant.runs].map((run) => metricOf(run, metric));
  if (perRun.some((v) => typeof v === "number")) return null;
  const length = (perRun[0] as readonly number[]).length;
  if (perRun.some((v) => (v as readonly number[]).length !== length)) return null;
  return [seedAveraged(baseline, metric, length), seedAveraged(variant, metric, length)];
}

function seedAveraged(arm: Arm, metric: string, length: number): Float64Array {
  const out = new Float64Array(length);
  for (const run of arm.runs) {
    const values = run.metrics[metric] as readonly number[];
    for (let i = 0; i < length; i++) out[i] += values[i] / arm.runs.length;
  }
  return out;
}

/**
 * The delta of `variant` over `baseline` on one metric, with an interval and p-value.
 * With aligned per-example values: paired bootstrap CI over examples (Koehn 2004) and a
 * paired approximate-randomization p-value. Otherwise: Welch's t over the seeds' aggregates.
 */
export function deltaRow(baseline: Arm, variant: Arm, metric: string, settings: DeltaSettings): DeltaRow {
  const baseAggs = seedAggregates(baseline, metric);
  const variantAggs = seedAggregates(variant, metric);
  const common = {
    variant: variant.name,
    metric,
    better: betterDirection(metric, settings.lowerIsBetter),
    seedsBaseline: baseAggs.length,
    seedsVariant: variantAggs.length,
    seedStdBaseline: std(baseAggs),
    seedStdVariant: std(variantAggs),
  };
  const paired = pairedExamples(baseline, variant, metric);
  if (paired) {
    const [a, b] = paired;
    const boot = pairedBootstrapTest(a, b, settings);
    const randomization = approximateRandomizationTest(a, b, settings);
    return {
      ...common,
      baseline: mean(a),
      value: mean(b),
      delta: boot.delta,
      low: boot.low,
      high: boot.high,
      pValue: randomization.pValue,
      method: "paired-examples",
    };
  }
  const welch = welchTTest(baseAggs, variantAggs, settings.level);
  return {
    ...common,
    baseline: mean(baseAggs),
    value: mean(variantAggs),
    delta: welch.delta,
    low: welch.low,
    high: welch.high,
    pValue: welch.pValue,
    method: "welch-seeds",
  };
}
