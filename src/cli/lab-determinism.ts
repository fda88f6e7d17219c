/**
 * `dojo lab determinism`: the failure lab's standard run with its micro-batch gradients summed
 * in a fixed order (twice: bit for bit the same) and in a shuffled one (twice, from different
 * order seeds), per seed; prints where the shuffled runs part and how far apart they end.
 */
import { Command } from "commander";
import { determinismStudy, endGap, writeDeterminismReport } from "../lab/determinism.js";
import { FAULT_LAB } from "../lab/fault-run.js";
import { formatDuration } from "../lab/runs.js";
import { displayPath } from "./lab-pretrain.js";
import { parsePositiveInt, parseSeed } from "./options.js";
import { workspaceFor } from "./workspace-options.js";

/** `dojo lab determinism`: the same run with a fixed and a shuffled reduction order. */
export function determinismCommand(): Command {
  return new Command("determinism")
    .description("show bitwise determinism and its absence: fixed vs shuffled gradient-sum order, same seed")
    .option("--seeds <list>", "training seeds, e.g. 1,2,3", "1,2,3")
    .option("--steps <n>", "steps per run (the standard run has 300)", String(FAULT_LAB.steps))
    .addHelpText("after", "\nEach seed trains four runs: two with the micro-batch gradients summed in a fixed order (they must agree bit for bit)\nand two with the order shuffled every step from different order seeds. About 10 seconds a run.\n")
    .action(async (flags: { seeds: string; steps: string }, command: Command) => {
      const seeds = flags.seeds.split(",").map((part) => parseSeed(part.trim(), "--seeds"));
      const steps = parsePositiveInt("--steps", flags.steps);
      const home = await workspaceFor(command);
      const started = Date.now();
      const rows = await determinismStudy({ seeds, steps, onRun: (label, index, total) => process.stderr.write(`[${index}/${total}] ${label}  (${formatDuration(Date.now() - started)} so far)\n`) });
      const path = writeDeterminismReport(home, rows, steps);
      for (const r of rows) {
        const differ = r.firstDifferentStep === null ? "never differ" : `first differ at step ${r.firstDifferentStep} (largest gap ${r.maxStepGap.toExponential(2)})`;
        process.stdout.write(`seed ${r.seed}: fixed order ${r.fixedIdentical ? "identical bit for bit" : "NOT identical"}; shuffled runs ${differ}, end ${endGap(r).toExponential(2)} nats apart\n`);
      }
      process.stdout.write(`report: ${displayPath(path)}\n`);
    });
}
