/**
 * The nondeterminism study, `dojo lab determinism`: bitwise determinism against its absence.
 * For each seed, the failure lab's healthy standard run with its batch split into 4
 * micro-batches is trained four times: twice with the gradients summed in a fixed order (the
 * two must agree bit for bit), and twice with the order shuffled every step from two different
 * order seeds, as thread timing or all-reduce algorithms reorder the sums on a cluster. The
 * study reports the step at which the shuffled runs' losses first differ, how far apart their
 * losses drift, and how far apart they end.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { renderMarkdownTable } from "../report/table.js";
import type { TrainConfig } from "../train/config.js";
import type { TrainEvent } from "../train/events.js";
import { train } from "../train/trainer.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import { prepareCorpus } from "./corpus.js";
import { faultLabConfig } from "./fault-run.js";
import { runsFolder, runStamp } from "./run-folder.js";

export interface DeterminismRow {
  seed: number;
  /** Whether the two fixed-order runs logged the same loss at every step and the same final validation loss, bit for bit. */
  fixedIdentical: boolean;
  /** The first step whose training loss differs between the two shuffled runs (null: none did). */
  firstDifferentStep: number | null;
  /** The largest |loss difference| at one step between the shuffled runs. */
  maxStepGap: number;
  /** Final validation losses: fixed, and the two shuffled runs. */
  fixedValLoss: number;
  shuffledValLoss: [number, number];
}

/** Micro-batches per step in the study: the standard batch of 8 split 4 ways, summed in an order that can change. */
const MICRO_BATCHES = 4;

interface Trace {
  losses: number[];
  valLoss: number;
}

async function trace(config: TrainConfig): Promise<Trace> {
  const losses: number[] = [];
  const result = await train({
    config,
    corpus: prepareCorpus(config),
    sink: { event: (e) => void (e.kind === "train" && losses.push((e as TrainEvent).loss)), checkpoint: () => ({ path: "memory", best: false }) },
  });
  return { losses, valLoss: result.lastValLoss! };
}

/**
 * Runs the study for `seeds` over `steps` steps each.
 *
 * @example const rows = await determinismStudy({ seeds: [1, 2, 3], steps: 300 }); rows[0].fixedIdentical // true
 */
export async function determinismStudy(options: { seeds: readonly number[]; steps: number; onRun?: (label: string, index: number, total: number) => void }): Promise<DeterminismRow[]> {
  const rows: DeterminismRow[] = [];
  let index = 0;
  const total = options.seeds.length * 4;
  for (const seed of options.seeds) {
    const base = faultLabConfig({ seed, fault: null, overrides: { steps: options.steps } });
    const split: TrainConfig = { ...base, batchSize: base.batchSize / MICRO_BATCHES, gradAccumulation: MICRO_BATCHES };
    const run = (label: string, reduction: TrainConfig["reduction"]) => {
      options.onRun?.(`seed ${seed}: ${label}`, ++index, total);
      return trace({ ...split, reduction });
    };
    const fixed = [await run("fixed order", { order: "fixed", orderSeed: 0 }), await run("fixed order again", { order: "fixed", orderSeed: 0 })];
    const shuffled = [await run("shuffled order, order seed 1", { order: "shuffled", orderSeed: 1 }), await run("shuffled order, order seed 2", { order: "shuffled", orderSeed: 2 })];
    const first = shuffled[0].losses.findIndex((loss, i) => loss !== shuffled[1].losses[i]);
    rows.push({
      seed,
      fixedIdentical: fixed[0].valLoss === fixed[1].valLoss && fixed[0].losses.every((loss, i) => loss === fixed[1].losses[i]),
      firstDifferentStep: first < 0 ? null : first + 1,
      maxStepGap: Math.max(...shuffled[0].losses.map((loss, i) => Math.abs(loss - shuffled[1].losses[i]))),
      fixedValLoss: fixed[0].valLoss,
      shuffledValLoss: [shuffled[0].valLoss, shuffled[1].valLoss],
    });
  }
  return rows;
}

/** |difference| of the two shuffled runs' final validation losses. */
export function endGap(row: DeterminismRow): number {
  return Math.abs(row.shuffledValLoss[0] - row.shuffledValLoss[1]);
}

/**
 * The study's report, written to `<home>/runs/determinism-<stamp>/report.md`; returns its path.
 */
export function writeDeterminismReport(home: string, rows: readonly DeterminismRow[], steps: number): string {
  const table = renderMarkdownTable(
    ["seed", "fixed order: two runs identical", "shuffled: first step that differs", "largest loss gap at a step", "final val loss (fixed)", "final val loss (shuffled 1, 2)", "shuffled runs end apart by"],
    rows.map((r) => [
      String(r.seed),
      r.fixedIdentical ? "yes, bit for bit" : "NO",
      r.firstDifferentStep === null ? "never" : String(r.firstDifferentStep),
      r.maxStepGap.toExponential(2),
      r.fixedValLoss.toFixed(4),
      `${r.shuffledValLoss[0].toFixed(4)}, ${r.shuffledValLoss[1].toFixed(4)}`,
      `${endGap(r).toExponential(2)} nats (${((endGap(r) / r.fixedValLoss) * 100).toExponential(1)}%)`,
    ]),
  );
  const markdown = [
    "# Bitwise determinism and its absence",
    "",
    `The failure lab's healthy standard run, ${steps} steps, its batch of 8 sequences split into ${MICRO_BATCHES} micro-batches of 2. "Fixed" sums the micro-batch gradients in loader order; "shuffled" sums the same gradients in an order drawn anew every step, from order seed 1 or 2, as atomics, thread counts or all-reduce algorithms reorder float sums on a cluster.`,
    "",
    table.trimEnd(),
    "",
  ].join("\n");
  const dir = join(runsFolder(home), `determinism-${runStamp(new Date())}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "report.md");
  writeFileAtomic(path, markdown);
  return path;
}
