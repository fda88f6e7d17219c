/**
 * Every calculator, in the order the CLI lists them, and what both surfaces do with one: check
 * the values a form or a command line gave, run it, and spell the command line that gives the
 * same report.
 */
import { InputError, NotFoundError } from "../errors.js";
import { shellWord } from "../home/command.js";
import type { Calculator, CalcValues } from "./calculator.js";
import { CHINCHILLA, FLOPS, PARAMS } from "./compute.js";
import { KV, ROOFLINE } from "./inference.js";
import type { CalcInput } from "./inputs.js";
import { ACTIVATIONS, MEMORY } from "./memory.js";
import { COMM, PIPELINE, ZERO } from "./parallel.js";
import type { CalcReport } from "./report.js";

export const CALCULATORS: readonly Calculator[] = [PARAMS, FLOPS, MEMORY, ZERO, ACTIVATIONS, PIPELINE, COMM, CHINCHILLA, KV, ROOFLINE];

/** The calculator called `name`; a NotFoundError listing them all otherwise. */
export function findCalculator(name: string): Calculator {
  const calculator = CALCULATORS.find((c) => c.name === name);
  if (!calculator) throw new NotFoundError(`no calculator "${name}"`, `choose one of ${CALCULATORS.map((c) => c.name).join(", ")}`);
  return calculator;
}

/** A value as JSON may carry it: text, a number, or a switch. */
export type CalcJsonValue = string | number | boolean;

/**
 * Values from JSON (a form, an API client) as the calculator takes them: numbers become their
 * text, blank fields and switches that are off are left out. An unknown name, a switch that is
 * not true or false, or a true/false for a valued input is an InputError naming the field.
 */
export function valuesFromJson(calculator: Calculator, json: Record<string, CalcJsonValue>): CalcValues {
  const values: CalcValues = {};
  for (const [name, value] of Object.entries(json)) {
    const input = calculator.inputs.find((i) => i.name === name);
    if (!input) throw new InputError(`${name}: not an input of calc ${calculator.name}`, `its inputs: ${calculator.inputs.map((i) => i.name).join(", ")}`);
    if (input.kind === "switch") {
      if (typeof value !== "boolean") throw new InputError(`${name} (${input.flag}): expected true or false, got ${JSON.stringify(value)}`);
      if (value) values[name] = true;
    } else {
      if (typeof value === "boolean") throw new InputError(`${name} (${input.flag}): expected ${input.kind === "choice" ? "one of its choices" : "a number"}, got ${value}`);
      const text = String(value).trim();
      if (text !== "") values[name] = text;
    }
  }
  return values;
}

/** The report of `calculator` for `values`: required inputs checked, defaults filled in. */
export function runCalculator(calculator: Calculator, values: CalcValues): CalcReport {
  const filled: CalcValues = {};
  for (const input of calculator.inputs) {
    const value = values[input.name] ?? input.default ?? undefined;
    if (value === undefined && input.required) throw new InputError(`${input.flag}: required`, input.help);
    if (value !== undefined) filled[input.name] = value;
  }
  const report = calculator.report(filled);
  return { ...report, warnings: report.warnings ?? [] };
}

/**
 * The command line that prints the same report: `program calc NAME` and the flags whose values
 * differ from their defaults, in the calculator's order, each value one shell word.
 *
 * @example calcCommandLine(PIPELINE, { pp: "8", microbatches: "64", interleave: "1" }) // "npx dojo calc pipeline --pp 8 --microbatches 64"
 */
export function calcCommandLine(calculator: Calculator, values: CalcValues, program = "npx dojo"): string {
  const words = [program, "calc", calculator.name];
  for (const input of calculator.inputs) {
    const value = values[input.name];
    if (value === undefined || value === false || value === "" || value === input.default) continue;
    words.push(value === true ? input.flag : `${input.flag} ${shellWord(value)}`);
  }
  return words.join(" ");
}

/** The values a command line of `calculator` gives (its examples: `dojo calc NAME --flag value …`). */
export function commandLineValues(calculator: Calculator, line: string): CalcValues {
  const words = line.trim().split(/\s+/);
  const start = words.indexOf(calculator.name) + 1;
  const values: CalcValues = {};
  for (let i = start; i < words.length; i++) {
    const input: CalcInput | undefined = calculator.inputs.find((x) => x.flag === words[i]);
    if (!input) throw new Error(`${line}: "${words[i]}" is not a flag of calc ${calculator.name}`);
    values[input.name] = input.kind === "switch" ? true : words[++i];
  }
  return values;
}
