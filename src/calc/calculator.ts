/**
 * A calculator: its name, its inputs, worked examples, and the function from input values to a
 * report. Each calculator's module resolves the values' text into typed inputs first
 * (resolveMemory, resolveKv, …: the one place a bad value becomes an InputError naming its flag),
 * then builds the report from those (memoryReport, kvReport, …).
 */
import type { CalcInput } from "./inputs.js";
import type { CalcReport } from "./report.js";

/**
 * Input values by input name, as text the way a user types them ("7e9", "4096"), switches as
 * booleans; a missing value is absent (undefined) and takes the input's default.
 */
export type CalcValues = Record<string, string | boolean | undefined>;

export interface Calculator {
  /** The subcommand and the API's name, e.g. "memory". */
  name: string;
  description: string;
  inputs: readonly CalcInput[];
  /** Command lines that show what it answers, e.g. "dojo calc pipeline --pp 8 --microbatches 64". */
  examples: readonly string[];
  /** The report for values whose defaults are filled in; an InputError names the flag of a bad value. */
  report: (values: CalcValues) => CalcReport;
}
