import { z } from "zod";

const finite = z.number().finite("must be a finite number");

/**
 * The largest metric magnitude the analysis accepts. It squares differences of values
 * (variances, Welch's t): (2 · 1e150)² = 4e300, summed over up to 4e7 values, stays below
 * the largest double (1.8e308). Real metrics (accuracies, losses, latencies) are far smaller.
 */
export const METRIC_LIMIT = 1e150;
const metricValue = finite
  .min(-METRIC_LIMIT, `must be between -${METRIC_LIMIT} and ${METRIC_LIMIT}: the analysis squares differences of values`)
  .max(METRIC_LIMIT, `must be between -${METRIC_LIMIT} and ${METRIC_LIMIT}: the analysis squares differences of values`);
/** A compute amount: positive, and within [1/METRIC_LIMIT, METRIC_LIMIT] so that the ratio of two arms' amounts is finite. */
const computeAmount = finite
  .positive("must be positive")
  .min(1 / METRIC_LIMIT, `must be between ${1 / METRIC_LIMIT} and ${METRIC_LIMIT}`)
  .max(METRIC_LIMIT, `must be between ${1 / METRIC_LIMIT} and ${METRIC_LIMIT}`);

/** One line of a `dojo ablate` input file: one run (one arm, one seed). */
export const ablationRun = z.strictObject({
  arm: z.string().min(1, "must not be empty").optional(),
  config: z.record(z.string(), z.unknown()),
  seed: z.number().int("must be a whole number"),
  metrics: z
    .record(z.string(), z.union([metricValue, z.array(metricValue).min(1, "needs at least one value")], { error: "must be a number or an array of numbers" }))
    .refine((m) => Object.keys(m).length > 0, "needs at least one metric"),
  slices: z.array(z.string()).min(1).optional(),
  compute: z
    .strictObject({
      trainFlops: computeAmount.optional(),
      trainTokens: computeAmount.optional(),
      inferenceSamples: computeAmount.optional(),
      inferenceTokens: computeAmount.optional(),
    })
    .optional(),
  decoding: z.record(z.string(), z.unknown()).optional(),
});

/** The record fields, for the hint of every input error. */
export const ABLATION_FIELDS =
  'each line: {"arm": name, "config": {...}, "seed": n, "metrics": {name: number or [per-example values]}, optional "slices", "compute", "decoding"}';
