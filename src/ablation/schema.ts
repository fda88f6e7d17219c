import { z } from "zod";

const finite = z.number().finite("must be a finite number");
const positive = finite.positive("must be positive");

/** One line of a `dojo ablate` input file: one run (one arm, one seed). */
export const ablationRun = z.strictObject({
  arm: z.string().min(1, "must not be empty").optional(),
  config: z.record(z.string(), z.unknown()),
  seed: z.number().int("must be a whole number"),
  metrics: z
    .record(z.string(), z.union([finite, z.array(finite).min(1, "needs at least one value")], { error: "must be a number or an array of numbers" }))
    .refine((m) => Object.keys(m).length > 0, "needs at least one metric"),
  slices: z.array(z.string()).min(1).optional(),
  compute: z
    .strictObject({
      trainFlops: positive.optional(),
      trainTokens: positive.optional(),
      inferenceSamples: positive.optional(),
      inferenceTokens: positive.optional(),
    })
    .optional(),
  decoding: z.record(z.string(), z.unknown()).optional(),
});

/** The record fields, for the hint of every input error. */
export const ABLATION_FIELDS =
  'each line: {"arm": name, "config": {...}, "seed": n, "metrics": {name: number or [per-example values]}, optional "slices", "compute", "decoding"}';
