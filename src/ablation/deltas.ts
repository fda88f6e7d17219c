import { InputError } from "../errors.js";
import { mean, std } from "../stats/describe.js";
import { approximateRandomizationTest, pairedBootstrapTest } from "../stats/paired.js";
import { welchTTest } from "../stats/welch.js";
import type { AblationRun, Arm, DeltaRow } from "./types.js";

/** Name parts of metrics that are errors or costs, so that lower is better unless told otherwise. */
const LOWER_IS_BETTER_PARTS = new Set(["loss", "perplexity", "ppl", "nll", "error", "err", "wer", "cer", "latency", "bpb"]);

export interface DeltaSettings {
  level: number;
  nResamples: number;
  seed: number;
  /** Metrics to treat as lower-is-better / higher-is-better, overriding the name heuristic. */
  lowerIsBetter?: readonly string[];
  higherIsBetter?: readonly string[];
}

/**
 * Which direction improves `metric`: an explicit override, else lower for names with a
 * part such as loss, perplexity, ppl, nll, error, latency or bpb, or "bits_per"
 * ("val_loss", "bits_per_byte"), else higher.
 */
export function betterDirection(
  metric: string,
  overrides: { lowerIsBetter?: readonly string[]; higherIsBetter?: readonly string[] } = {},
): "higher" | "lower" {
  if (overrides.lowerIsBetter?.includes(metric)) return "lower";
  if (overrides.higherIsBetter?.includes(metric)) return "higher";
  const parts = metric.toLowerCase().split(/[^a-z0-9]+/);
  return parts.some((p) => LOWER_IS_BETTER_PARTS.has(p)) || /bits_per/i.test(metric) ? "lower" : "higher";
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
 * values (the same examples in the same order); null when some run gives an aggregate.
 * Per-example arrays of different lengths are an input error: they cannot be the same examples.
 */
export function pairedExamples(baseline: Arm, variant: Arm, metric: string): [Float64Array, Float64Array] | null {
  const runs = [...baseline.runs, ...variant.runs];
  const perRun = runs.map((run) => metricOf(run, metric));
  if (perRun.some((v) => typeof v === "number")) return null;
  const length = (perRun[0] as readonly number[]).length;
  const odd = perRun.findIndex((v) => (v as readonly number[]).length !== length);
  if (odd >= 0) {
    throw new InputError(
      `${runs[odd].source}: field metrics.${metric}: ${(perRun[odd] as readonly number[]).length} per-example values, but ${runs[0].source} has ${length}`,
      "per-example values must cover the same examples, in the same order, in every run",
    );
  }
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
 * The delta of `variant` over `baseline` on one metric, tested against two sources of noise
 * (`paired` is pairedExamples of the same arms and metric):
 * - examples: with aligned per-example values (seed-averaged), a paired bootstrap CI over
 *   examples (Koehn 2004) and a paired approximate-randomization p-value;
 * - seeds: with at least 2 seeds per arm, Welch's t over the seeds' aggregates.
 * A difference must survive every test that the data allow (an intersection-union test):
 * pValue is the largest of the p-values and [low, high] the hull of the intervals.
 * With neither (one seed per arm, aggregates only) nothing is testable and both are NaN.
 */
export function deltaRow(
  baseline: Arm,
  variant: Arm,
  metric: string,
  settings: DeltaSettings,
  paired: readonly [Float64Array, Float64Array] | null,
): DeltaRow {
  const baseAggs = seedAggregates(baseline, metric);
  const variantAggs = seedAggregates(variant, metric);
  const tests: DeltaRow["tests"] = [];
  const lows: number[] = [];
  const highs: number[] = [];
  const pValues: number[] = [];
  let pExamples = NaN;
  let pSeeds = NaN;

  if (paired) {
    const [a, b] = paired;
    const boot = pairedBootstrapTest(a, b, settings);
    pExamples = approximateRandomizationTest(a, b, settings).pValue;
    tests.push("examples");
    lows.push(boot.low);
    highs.push(boot.high);
    pValues.push(pExamples);
  }
  if (baseAggs.length >= 2 && variantAggs.length >= 2) {
    const welch = welchTTest(baseAggs, variantAggs, settings.level);
    pSeeds = welch.pValue;
    tests.push("seeds");
    lows.push(welch.low);
    highs.push(welch.high);
    pValues.push(pSeeds);
  }
  const testable = tests.length > 0;
  return {
    variant: variant.name,
    metric,
    better: betterDirection(metric, settings),
    baseline: mean(baseAggs),
    value: mean(variantAggs),
    delta: mean(variantAggs) - mean(baseAggs),
    low: testable ? Math.min(...lows) : NaN,
    high: testable ? Math.max(...highs) : NaN,
    pValue: testable ? Math.max(...pValues) : NaN,
    pAdjusted: NaN,
    pExamples,
    pSeeds,
    tests,
    seedsBaseline: baseAggs.length,
    seedsVariant: variantAggs.length,
    seedStdBaseline: std(baseAggs),
    seedStdVariant: std(variantAggs),
  };
}
