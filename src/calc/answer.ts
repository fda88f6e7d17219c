/** What the web app's Calc tab is fed: the calculators with their inputs, and one report with its command line. */
import { CALCULATORS, calcCommandLine, commandLineValues, findCalculator, runCalculator, valuesFromJson, type CalcJsonValue } from "./calculators.js";
import type { CalcInput } from "./inputs.js";
import type { CalcTable } from "./report.js";

/** A calculator as a form needs it: its inputs, and its examples with the values each gives. */
export interface CalcListing {
  name: string;
  description: string;
  inputs: CalcInput[];
  examples: { command: string; values: Record<string, string | boolean> }[];
}

/** Every calculator, in the CLI's order. */
export function calcListing(): CalcListing[] {
  return CALCULATORS.map((calculator) => ({
    name: calculator.name,
    description: calculator.description,
    inputs: [...calculator.inputs],
    examples: calculator.examples.map((command) => ({
      command,
      values: Object.fromEntries(Object.entries(commandLineValues(calculator, command)).filter((e): e is [string, string | boolean] => e[1] !== undefined)),
    })),
  }));
}

/** One calculator's report for values from JSON, and the command line (`program calc NAME …`) that prints it. */
export interface CalcAnswer {
  name: string;
  title: string;
  tables: CalcTable[];
  verdict: string[];
  conventions: string[];
  warnings: string[];
  inputs: Record<string, unknown>;
  results: Record<string, unknown>;
  command: string;
}

/** The report of calculator `name` for `json` values; NotFoundError for an unknown name, InputError naming a bad field. */
export function calcAnswer(name: string, json: Record<string, CalcJsonValue>, program: string): CalcAnswer {
  const calculator = findCalculator(name);
  const values = valuesFromJson(calculator, json);
  const report = runCalculator(calculator, values);
  return {
    name: calculator.name,
    title: report.title,
    tables: report.tables,
    verdict: report.verdict,
    conventions: report.conventions,
    warnings: report.warnings ?? [],
    inputs: report.inputs,
    results: report.results,
    command: calcCommandLine(calculator, values, program),
  };
}
