/**
 * `dojo lab sweep`: parse the flags, run the sweep (src/lab/sweep.ts) with a line per finished
 * run, and print the loss table, the LR sensitivity, the verdicts and where the files are.
 * `dojo lab sweep-worker` (hidden) is the worker process a sweep starts.
 */
import { Command } from "commander";
import { join } from "node:path";
import { renderTable } from "../report/table.js";
import { resolveBackend } from "../tensor/backend.js";
import { formatDuration } from "../lab/runs.js";
import { runSweep, type SweepProgress } from "../lab/sweep.js";
import { DEFAULT_LRS, DEFAULT_SEEDS, DEFAULT_STEPS, QUICK, SWEEP_VARIANTS, planSweep, sweepJobs, type SweepRequest } from "../lab/sweep-plan.js";
import { ablateCommand, lossTable, RUNS_FILE } from "../lab/sweep-report.js";
import { serveSweepJobs } from "../lab/sweep-workers.js";
import { displayPath } from "./lab-pretrain.js";
import { dojoFor, workspaceFor } from "./workspace-options.js";

interface SweepFlags extends SweepRequest {
  backend?: string;
}

export function sweepCommand(): Command {
  const quick = `${QUICK.lrs.join(",")}, ${QUICK.seeds} seed, ${QUICK.steps.tiny} steps (${QUICK.lrs.length * SWEEP_VARIANTS.length * QUICK.seeds} runs)`;
  return new Command("sweep")
    .description("learning-rate sweep after Wortsman et al. 2023: baseline, qk-layernorm and z-loss across learning rates; LR sensitivity, charts, and what reproduced")
    .option("--lr <list>", `peak learning rates, comma-separated (default ${DEFAULT_LRS.join(",")})`)
    .option("--variants <list>", `variants, comma-separated (default ${SWEEP_VARIANTS.join(",")})`)
    .option("--seeds <n>", `seeds per learning rate and variant (default ${DEFAULT_SEEDS})`)
    .option("--preset <name>", "tiny (the default) or baby (about 12 times slower per step)")
    .option("--steps <n>", `optimizer steps of each run (default ${DEFAULT_STEPS.tiny} for tiny, ${DEFAULT_STEPS.baby} for baby)`)
    .option("--quick", `a quick look in 1 to 3 minutes: ${quick}; flags you give still apply`)
    .option("--backend <name>", "kernels: wasm, ts, or auto (default: $LMDOJO_BACKEND, else the fastest built)")
    .addHelpText(
      "after",
      `
Every learning rate × variant × seed is one run of the preset, two at a time (one per core).
The default sweep (48 runs) takes about 4 minutes on two idle cores, --quick about 1
(longer while other work shares the cores).
Variants: baseline, qk-norm (qk-layernorm), z-loss (1e-4·log²Z), qk-norm+z-loss.
Recipe: AdamW β2 0.95, 5% warmup, cosine decay to 1e-5, independent weight decay 1e-4.

Writes <workspace>/runs/sweep-<time>/: sweep.json, ${RUNS_FILE} (for dojo ablate), report.md with charts.

Examples:
  dojo lab sweep --quick
  dojo lab sweep --lr 1e-3,1e-2,1e-1 --variants baseline,qk-norm --seeds 3
`,
    )
    .action(sweepAction);
}

/** The worker process of a sweep: jobs on standard input, results on standard output. */
export function sweepWorkerCommand(): Command {
  return new Command("sweep-worker").description("(internal) train the runs of a sweep sent on standard input").action(() => serveSweepJobs(process.stdin, process.stdout));
}

async function sweepAction(flags: SweepFlags, command: Command): Promise<void> {
  const home = await workspaceFor(command);
  const backend = resolveBackend(flags.backend, process.env.LMDOJO_BACKEND);
  const plan = planSweep(flags, backend);
  const total = sweepJobs(plan).length;
  const out = process.stdout;
  let stopRequested = false;
  const onInterrupt = () => {
    stopRequested = true;
  };
  process.once("SIGINT", onInterrupt);
  try {
    const outcome = await runSweep({
      home,
      plan,
      onStart: (_id, dir) => {
        out.write(`sweep ${displayPath(dir)}\n`);
        out.write(
          `${total} runs: ${plan.lrs.length} learning rates (${plan.lrs.join(", ")}) × ${plan.variants.length} variants × ${plan.seeds.length} seed${plan.seeds.length === 1 ? "" : "s"}; ` +
            `${plan.preset} preset, ${plan.steps} steps each, two at a time on ${backend} kernels\n`,
        );
      },
      onResult: (progress) => process.stderr.write(progressLine(progress) + "\n"),
      shouldStop: () => stopRequested,
    });
    const { report, dir, sweep } = outcome;
    const table = lossTable(report.summary);
    out.write(`\nfinal validation loss (mean over seeds; † diverged, counted at the initial loss) and LR sensitivity:\n`);
    out.write(renderTable(table.header, table.rows, table.header.map((_, i) => i).slice(1)));
    out.write("\nwhat reproduced:\n");
    for (const v of report.verdicts) out.write(`  (${v.claim}) ${v.statement}: ${v.verdict}\n`);
    const runsFile = displayPath(join(dir, RUNS_FILE));
    out.write(`\n${sweep.status} in ${formatDuration(sweep.wallMs)}: ${sweep.results.length} of ${total} runs\n`);
    out.write(`report     ${displayPath(join(dir, "report.md"))}\n`);
    out.write(`runs file  ${runsFile}\n`);
    out.write(`next: ${ablateCommand(runsFile, dojoFor(command))}\n`);
    if (sweep.status !== "completed") process.exitCode = 130;
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}

/**
 * One finished run: "[ 7/48] qk-norm lr=0.03 seed 1  val 1.523  max attn logit 12.3  14s   elapsed 1m 10s, ETA 6m 30s".
 */
function progressLine(p: SweepProgress): string {
  const r = p.result;
  const width = String(p.total).length;
  const outcome = r.diverged
    ? `diverged at step ${r.stepsDone}${r.initialLoss === null ? "" : ` (counted at ℓ0 ${r.initialLoss.toFixed(3)})`}`
    : `val ${r.finalValLoss === null ? "-" : r.finalValLoss.toFixed(3)}`;
  const attention = r.attention.length === 0 ? "" : `  max attn logit ${formatLogit(Math.max(...r.attention.map(([, v]) => v)))}`;
  return `[${String(p.done).padStart(width)}/${p.total}] ${r.variant.padEnd(14)} lr=${String(r.lr).padEnd(6)} seed ${r.seed}  ${outcome}${attention}  ${formatDuration(r.trainMs)}   elapsed ${formatDuration(p.elapsedMs)}, ETA ${formatDuration(p.etaMs)}`;
}

function formatLogit(value: number): string {
  return Math.abs(value) >= 1e4 ? value.toExponential(1) : value.toFixed(1);
}
