/**
 * The systems calculators (the Calc tab of the toolkit): the list of calculators with their
 * inputs, and one calculator's report for some values, with the command line that prints it.
 */
import { z } from "zod";

/** A calculator's name in the path: lower-case letters only. */
export const CalcName = z.string().max(40).regex(/^[a-z]+$/, "calculator name: lower-case letters only");

export const CalcInputInfo = z.object({
  /** The key in `values`, e.g. "microBatch". */
  name: z.string(),
  /** The CLI flag, e.g. "--micro-batch". */
  flag: z.string(),
  kind: z.enum(["int", "number", "choice", "switch"]),
  default: z.string().nullable(),
  choices: z.array(z.object({ value: z.string(), label: z.string() })).nullable(),
  help: z.string(),
  required: z.boolean(),
  group: z.enum(["model", "gpu", "setup", "output"]),
  /** An explicit figure that replaces a preset's (a model size, a GPU's peak). */
  overridesPreset: z.boolean(),
});
export type CalcInputInfo = z.infer<typeof CalcInputInfo>;

/** A value as a form sends it: text as typed ("7e9"), a number, or a switch. */
export const CalcValue = z.union([z.string().max(100), z.number().finite(), z.boolean()]);
export const CalcValues = z.record(z.string().max(40), CalcValue);
export type CalcValues = z.infer<typeof CalcValues>;

export const CalcInfo = z.object({
  name: z.string(),
  description: z.string(),
  inputs: z.array(CalcInputInfo),
  /** Worked examples: the command line and the values it gives. */
  examples: z.array(z.object({ command: z.string(), values: CalcValues })),
});
export type CalcInfo = z.infer<typeof CalcInfo>;

/** GET /api/calc */
export const CalcListResponse = z.object({ calculators: z.array(CalcInfo) });
export type CalcListResponse = z.infer<typeof CalcListResponse>;

/** POST /api/calc/:name */
export const CalcRequest = z.object({ values: CalcValues }).strict();
export type CalcRequest = z.infer<typeof CalcRequest>;

export const CalcTable = z.object({ header: z.array(z.string()), rows: z.array(z.array(z.string())), rightAligned: z.array(z.number().int()) });
export type CalcTable = z.infer<typeof CalcTable>;

export const CalcResponse = z.object({
  name: z.string(),
  title: z.string(),
  /** The numbers, each row with the formula behind it (the formula columns come last). */
  tables: z.array(CalcTable),
  verdict: z.array(z.string()),
  /** The conventions used and the papers and datasheets they come from. */
  conventions: z.array(z.string()),
  warnings: z.array(z.string()),
  /** The resolved inputs and raw results, as `dojo calc … --json` prints them. */
  inputs: z.record(z.string(), z.unknown()),
  results: z.record(z.string(), z.unknown()),
  /** The command line that prints the same report. */
  command: z.string(),
});
export type CalcResponse = z.infer<typeof CalcResponse>;
