/**
 * A pipeline for alignment drills written by hand: each run is a list of evaluations given as
 * plain numbers, every metric with the interval ± `half`; the configs are the presets' with the
 * runs linked as a pipeline links them (writeAlignRun checks both against their schemas).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AlignEvent } from "../src/align/align-events.js";
import { stageDefaults } from "../src/align/align-presets.js";
import { alignFolder } from "../src/align/align-run.js";
import { pipelineRecord } from "../src/align/align-config.js";
import { writeAlignRun } from "./web/align-fixture.js";

/** One evaluation: its step and metrics; `half` is each interval's half-width (0.02 unless given). */
export interface FixtureEval {
  step: number;
  metrics: Record<string, number>;
  half?: number;
}

export interface DrillPipelineSpec {
  sft: FixtureEval[];
  rm: FixtureEval[];
  dpo: Array<{ beta: number; evals: FixtureEval[] }>;
  rl: Array<{ klCoef: number; evals: FixtureEval[] }>;
}

function events(stage: string, evals: readonly FixtureEval[]): AlignEvent[] {
  const last = evals.at(-1)?.step ?? 0;
  return [
    { t: 0, step: 0, kind: "start", stage, steps: Math.max(1, last) },
    ...evals.map(({ step, metrics, half = 0.02 }): AlignEvent => ({
      t: step,
      step,
      kind: "eval",
      metrics,
      intervals: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, [v - half, v + half] as [number, number]])),
      n: 200,
      samples: [],
    })),
    { t: last, step: last, kind: "end", status: "completed", elapsedMs: 1000 },
  ];
}

/** Writes pipeline `id` with runs named "<id>-<stage>[-<n>]" into `home`. */
export function writeDrillPipeline(home: string, id: string, spec: DrillPipelineSpec): void {
  const d = stageDefaults(0);
  const run = (name: string) => `${id}-${name}`;
  writeAlignRun(home, run("sft"), { ...d.sft, base: run("base") }, events("sft", spec.sft));
  writeAlignRun(home, run("rm"), { ...d.rm, init: run("sft"), pairs: run("pairs") }, events("rm", spec.rm));
  spec.dpo.forEach((x, i) => writeAlignRun(home, run(`dpo-${i}`), { ...d.dpo, beta: x.beta, policy: run("sft"), pairs: run("pairs") }, events("dpo", x.evals)));
  spec.rl.forEach((x, i) => writeAlignRun(home, run(`rl-${i}`), { ...d.rl, klCoef: x.klCoef, policy: run("sft"), rewardModel: run("rm") }, events("rl", x.evals)));
  const record = pipelineRecord.parse({
    worldSeed: 0,
    labeller: d.pairs.labeller,
    base: run("base"),
    sft: run("sft"),
    pairs: run("pairs"),
    rm: run("rm"),
    dpo: spec.dpo.map((x, i) => ({ beta: x.beta, run: run(`dpo-${i}`) })),
    rl: spec.rl.map((x, i) => ({ klCoef: x.klCoef, run: run(`rl-${i}`) })),
    elapsedMs: 1000,
  });
  const dir = join(alignFolder(home), id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "pipeline.json"), JSON.stringify(record, null, 2) + "\n");
}

/** An RL evaluation: proxy reward, gold accuracy, abstention, KL, win rate. */
export const rlEval = (step: number, proxy: number, accuracy: number, extra: Record<string, number> = {}): FixtureEval => ({
  step,
  metrics: { "reward/proxy": proxy, "gold/accuracy": accuracy, "gold/abstention": 0.3, "kl/sequence": step / 20, "winrate/labeller": 0.5, ...extra },
});
