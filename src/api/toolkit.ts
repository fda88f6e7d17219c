/**
 * The toolkit's eval and ablate: a JSON Lines file uploaded as the raw request body, the
 * options in the query string (as `dojo eval` and `dojo ablate` take them as flags), and the
 * reports those commands print with `--json`. Numbers a report cannot give (an interval with
 * nothing to test) are null, as in the CLI's JSON.
 */
import { z } from "zod";
import { FileName } from "./common.js";

/** A number in a report, or null where it is undefined (NaN or infinite). */
const reportNumber = z.number().nullable();

/** Query-string numbers arrive as text; an empty field is dropped by the client. */
const level = z.coerce.number().gt(0, "a confidence level is above 0").lt(1, "a confidence level is below 1").default(0.95);
/** One request runs on the server's only thread: 100,000 resamples give intervals stable to the third digit. */
const resamples = z.coerce.number().int("a whole number").min(100, "at least 100").max(100_000, "at most 100000 on the web").default(10_000);
const seed = z.coerce.number().int("a whole number").default(0);
/** How a report names the uploaded text in its messages ("qa.jsonl:3: field prediction: ..."). */
const sourceName = z.string().trim().min(1).max(200).default("upload");
/** "1,10,100" → [1, 10, 100]. */
const positiveIntList = z
  .string()
  .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, "whole numbers separated by commas, e.g. 1,10")
  .transform((text) => text.split(",").map((part) => Number(part.trim())))
  .refine((ks) => ks.every((k) => Number.isSafeInteger(k) && k >= 1), "every k is a whole number of at least 1");
/** "loss,latency" → ["loss", "latency"]. */
const nameList = z
  .string()
  .min(1)
  .transform((text) => text.split(",").map((part) => part.trim()));

/** POST /api/toolkit/eval?kind=…: the body is the JSON Lines file. */
export const EvalQuery = z.object({
  kind: z.string().min(1).max(40),
  name: sourceName,
  slice: z.string().min(1).max(200).optional(),
  k: positiveIntList.optional(),
  rules: z.enum(["squad-v1", "squad-v2"]).default("squad-v1"),
  relevanceThreshold: z.coerce.number().finite().default(1),
  level,
  ci: z.enum(["bca", "percentile", "basic"]).default("bca"),
  resamples,
  seed,
});
export type EvalQuery = z.infer<typeof EvalQuery>;

export const EvalResponse = z.object({
  kind: z.string(),
  file: z.string(),
  n: z.number().int(),
  sliceField: z.string().nullable(),
  settings: z.object({
    level: z.number(),
    method: z.enum(["bca", "percentile", "basic"]),
    nResamples: z.number().int(),
    seed: z.number().int(),
    rules: z.enum(["squad-v1", "squad-v2"]).optional(),
    k: z.array(z.number().int()).optional(),
    relevanceThreshold: z.number().optional(),
  }),
  rows: z.array(
    z.object({
      metric: z.string(),
      slice: z.string().nullable(),
      n: z.number().int(),
      value: reportNumber,
      low: reportNumber,
      high: reportNumber,
      detail: z.string().optional(),
    }),
  ),
  warnings: z.array(z.string()),
  caveat: z.string(),
});
export type EvalResponse = z.infer<typeof EvalResponse>;

/** POST /api/toolkit/ablate: the body is the runs file, one run per line. */
export const AblateQuery = z.object({
  name: sourceName,
  baseline: z.string().min(1).max(200).optional(),
  factor: z.string().min(1).max(200).optional(),
  lowerIsBetter: nameList.optional(),
  higherIsBetter: nameList.optional(),
  level,
  resamples,
  seed,
});
export type AblateQuery = z.infer<typeof AblateQuery>;

export const AblateResponse = z.object({
  baseline: z.string(),
  factor: z.string().nullable(),
  level: z.number(),
  arms: z.array(z.object({ name: z.string(), seeds: z.number().int(), config: z.record(z.string(), z.unknown()) })),
  rows: z.array(
    z.object({
      variant: z.string(),
      metric: z.string(),
      better: z.enum(["higher", "lower"]),
      baseline: reportNumber,
      value: reportNumber,
      delta: reportNumber,
      low: reportNumber,
      high: reportNumber,
      pValue: reportNumber,
      pAdjusted: reportNumber,
      pExamples: reportNumber,
      pSeeds: reportNumber,
      tests: z.array(z.enum(["examples", "seeds"])),
      seedsBaseline: z.number().int(),
      seedsVariant: z.number().int(),
      seedStdBaseline: reportNumber,
      seedStdVariant: reportNumber,
    }),
  ),
  flags: z.array(
    z.object({
      kind: z.enum(["confound", "compute", "seeds", "slice", "decoding"]),
      variant: z.string(),
      metric: z.string().optional(),
      evidence: z.string(),
    }),
  ),
  conclusion: z.string(),
});
export type AblateResponse = z.infer<typeof AblateResponse>;

/** GET /api/toolkit/formats: the kinds of record file eval reads, and the fields of a run that ablate reads. */
export const FormatsResponse = z.object({
  kinds: z.array(z.object({ name: z.string(), summary: z.string(), fields: z.string(), caveat: z.string() })),
  ablationFields: z.string(),
});
export type FormatsResponse = z.infer<typeof FormatsResponse>;

/** GET /api/toolkit/examples: lmdojo's own example files, each for eval (of a kind) or ablate. */
export const ExamplesResponse = z.object({
  examples: z.array(z.object({ name: FileName, tool: z.enum(["eval", "ablate"]), kind: z.string().nullable() })),
});
export type ExamplesResponse = z.infer<typeof ExamplesResponse>;

/** GET /api/toolkit/examples/:name: one example file's text. */
export const ExampleResponse = z.object({ name: FileName, text: z.string() });
export type ExampleResponse = z.infer<typeof ExampleResponse>;
