/**
 * `dojo calc`: the systems calculators (src/calc over src/systems) on the command line, one
 * subcommand per calculator with its flags made from the calculator's inputs. Every subcommand
 * prints a breakdown table with the formula behind each line and the conventions it used, or
 * with --json the inputs and results as plain JSON.
 *   params       parameter count by component
 *   flops        FLOPs per token and run, time, MFU
 *   memory       training memory per device: does it fit?
 *   zero         ZeRO stages 0-3; DeepSpeed's CPU offload
 *   activations  Korthikanti et al. 2022
 *   pipeline     pipeline bubble
 *   comm         bytes sent per device
 *   chinchilla   compute-optimal N and D
 *   kv           KV cache and serving memory
 *   roofline     kernel or decode-step time and bound
 */
import { Command } from "commander";
import type { Calculator, CalcValues } from "../calc/calculator.js";
import { CALCULATORS, runCalculator } from "../calc/calculators.js";
import { printCalcReport } from "./calc-report.js";

/** One subcommand: a flag per input (required, or with its default), --json, and the examples. */
function calculatorCommand(calculator: Calculator): Command {
  const command = new Command(calculator.name).description(calculator.description);
  for (const input of calculator.inputs) {
    const spec = input.metavar === null ? input.flag : `${input.flag} ${input.metavar}`;
    if (input.required) command.requiredOption(spec, input.help);
    else if (input.default !== null) command.option(spec, input.help, input.default);
    else command.option(spec, input.help);
  }
  return command
    .option("--json", "print the inputs and results as JSON")
    .addHelpText("after", `\nExamples:\n${calculator.examples.map((example) => `  ${example}\n`).join("")}`)
    .action(({ json, ...values }: CalcValues & { json?: boolean }) => printCalcReport(runCalculator(calculator, values), json));
}

/** `dojo calc SUBCOMMAND`: memory, FLOPs, parallelism and scaling arithmetic with every formula shown. */
export function calcCommand(): Command {
  const calc = new Command("calc").description("systems calculators: parameters, FLOPs, memory, parallelism, scaling laws, KV cache, roofline");
  for (const calculator of CALCULATORS) calc.addCommand(calculatorCommand(calculator));
  return calc.addHelpText(
    "after",
    "\nUnits: byte figures are printed in SI units (KB, MB, GB, TB, PB: powers of 1000) by default, or binary units (KiB … PiB: powers of 1024)\n" +
      "with --unit GiB, each scaled to its value and always named. Whole-number flags take scientific notation (--seq 4.096e3).\n" +
      "Example:\n  dojo calc memory --model llama2-7b --optimizer adamw --zero 3 --dp 64 --seq 4096 --micro-batch 1 --recompute selective\n",
  );
}
