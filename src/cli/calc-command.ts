/**
 * `dojo calc`: the systems calculators (src/systems) on the command line. Every subcommand
 * prints a breakdown table with the formula behind each line and the conventions it used, or
 * with --json the inputs and results as plain JSON.
 *   params       parameter count by component             (calc-compute.ts)
 *   flops        FLOPs per token and run, time, MFU        (calc-compute.ts)
 *   memory       training memory per device: does it fit?  (calc-memory.ts)
 *   zero         ZeRO stages 0-3; DeepSpeed's CPU offload   (calc-parallel.ts)
 *   activations  Korthikanti et al. 2022                   (calc-memory.ts)
 *   pipeline     pipeline bubble                           (calc-parallel.ts)
 *   comm         bytes sent per device                     (calc-parallel.ts)
 *   chinchilla   compute-optimal N and D                   (calc-compute.ts)
 *   kv           KV cache and serving memory               (calc-inference.ts)
 *   roofline     kernel or decode-step time and bound      (calc-inference.ts)
 */
import { Command } from "commander";
import { chinchillaCommand, flopsCommand, paramsCommand } from "./calc-compute.js";
import { kvCommand, rooflineCommand } from "./calc-inference.js";
import { activationsCommand, memoryCommand } from "./calc-memory.js";
import { commCommand, pipelineCommand, zeroCommand } from "./calc-parallel.js";

/** `dojo calc SUBCOMMAND`: memory, FLOPs, parallelism and scaling arithmetic with every formula shown. */
export function calcCommand(): Command {
  return new Command("calc")
    .description("systems calculators: parameters, FLOPs, memory, parallelism, scaling laws, KV cache, roofline")
    .addCommand(paramsCommand())
    .addCommand(flopsCommand())
    .addCommand(memoryCommand())
    .addCommand(zeroCommand())
    .addCommand(activationsCommand())
    .addCommand(pipelineCommand())
    .addCommand(commCommand())
    .addCommand(chinchillaCommand())
    .addCommand(kvCommand())
    .addCommand(rooflineCommand())
    .addHelpText(
      "after",
      "\nUnits: byte figures are printed in SI units (KB, MB, GB, TB, PB: powers of 1000) by default, or binary units (KiB … PiB: powers of 1024)\n" +
        "with --unit GiB, each scaled to its value and always named. Whole-number flags take scientific notation (--seq 4.096e3).\n" +
        "Example:\n  dojo calc memory --model llama2-7b --optimizer adamw --zero 3 --dp 64 --seq 4096 --micro-batch 1 --recompute selective\n",
    );
}
