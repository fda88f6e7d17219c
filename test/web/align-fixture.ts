/**
 * A finished alignment pipeline written by hand (no training): sft, pairs, rm, dpo and rl
 * run folders with config.json and events.jsonl that the schemas of src/align accept, each
 * training stage 10 steps with evaluations at 0, 5 and 10, the rl run interrupted after step
 * 6 and resumed from its checkpoint at step 4, and the pipeline's record with its report and
 * SVG charts, written by the report's own writer. Every number is a formula of the step, so
 * pages and routes can be checked against values known in advance.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { alignConfigSchema, pipelineRecord, type AlignConfig, type PipelineRecord } from "../../src/align/align-config.js";
import { alignEventSchema, type AlignEvent } from "../../src/align/align-events.js";
import { stageDefaults } from "../../src/align/align-presets.js";
import { alignFolder } from "../../src/align/align-run.js";
import { writePipelineReport } from "../../src/align/pipeline-report.js";

export const FIXTURE_T0 = Date.UTC(2026, 0, 2, 3, 4, 5);
export const FIXTURE_STEPS = 10;
export const FIXTURE_PIPELINE = "20260102-040000-pipeline";
export const FIXTURE_RUNS = {
  base: "20260102-030000-custom",
  sft: "20260102-030405-sft",
  pairs: "20260102-031000-pairs",
  rm: "20260102-032000-rm",
  dpo: "20260102-033000-dpo",
  rl: "20260102-034000-rl",
} as const;

/** The sample every fixture evaluation grades, by step. */
export const fixtureSample = (step: number) => ({ prompt: "Q: Where was Ada Quill born?\nA:", answer: ` Ada Quill was born in Marlow (step ${step}).`, verdict: step % 10 === 0 ? "correct" : "wrong" });

/** A metric's value at `step`: a line from `start` by `slope` per step. */
const line = (start: number, slope: number) => (step: number) => Number((start + slope * step).toFixed(6));

/** The step metrics of each stage (besides lr and grad_norm, which every stage logs). */
export const STAGE_METRICS: Record<"sft" | "rm" | "dpo" | "rl", Record<string, (step: number) => number>> = {
  sft: { loss: line(2, -0.1) },
  rm: { loss: line(0.69, -0.02), accuracy: line(0.5, 0.03) },
  dpo: {
    loss: line(0.69, -0.03),
    "rewards/chosen": line(0, 0.02),
    "rewards/rejected": line(0, -0.02),
    "rewards/accuracies": line(0.5, 0.04),
    "rewards/margins": line(0, 0.04),
    "logps/chosen": line(-20, 0.1),
    "logps/rejected": line(-20, -0.3),
  },
  rl: {
    loss: line(0.1, -0.005),
    "reward/proxy": line(-1, 0.2),
    "gold/accuracy": line(0.4, 0.01),
    "gold/score": line(0.1, 0.01),
    "kl/k1": line(0, 0.05),
    "kl/k3": line(0, 0.04),
    entropy: line(1.5, -0.05),
    "answer/length": line(30, 2),
    clip_fraction: line(0, 0.01),
  },
};

/** The learning rate every fixture stage logs at `step`. */
export const fixtureLr = (step: number) => 1e-4 * step;

/** An evaluation at `step` with each of `metrics` and its interval ±0.05. */
function evaluation(step: number, metrics: Record<string, number>): AlignEvent {
  const intervals = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, [v - 0.05, v + 0.05] as [number, number]]));
  return { t: FIXTURE_T0 + step * 1000, step, kind: "eval", metrics, intervals, n: 40, samples: [fixtureSample(step)] };
}

/** The gold evaluation of a policy at `step`: accuracy 0.4 + step/100, score and KL growing with the step. */
const policyEval = (step: number, extra: Record<string, number> = {}) =>
  evaluation(step, { "gold/accuracy": 0.4 + step / 100, "gold/score": 0.1 + step / 50, "gold/abstention": 0.2, "gold/accuracy_when_answering": 0.5, "kl/sequence": step / 10, "answer/length": 30 + step, "winrate/labeller": 0.5, "style/flattery": 0.1, ...extra });

/** Steps `from`+1 … `to` of a training stage, with evaluations every 5 steps and a checkpoint at 4 and 10. */
function trainingEvents(stage: keyof typeof STAGE_METRICS, from: number, to: number, shift = 0): AlignEvent[] {
  const events: AlignEvent[] = [];
  for (let step = from + 1; step <= to; step++) {
    const metrics = Object.fromEntries(Object.entries(STAGE_METRICS[stage]).map(([name, f]) => [name, f(step) + shift]));
    events.push({ t: FIXTURE_T0 + step * 1000, step, kind: "step", metrics: { ...metrics, lr: fixtureLr(step), grad_norm: 0.5 } });
    if (step % 5 === 0) events.push(stage === "rm" ? evaluation(step, { "rm/accuracy_labeller": 0.6, "rm/accuracy_gold": 0.55, "rm/length_correlation": 0.3 }) : policyEval(step, stage === "rl" ? { "reward/proxy": step / 10 } : {}));
    if (step === 4 || step === 10) events.push({ t: FIXTURE_T0 + step * 1000, step, kind: "checkpoint", path: `checkpoints/step-${step}.json` });
  }
  return events;
}

const start = (stage: string, resumedFrom?: number, steps = FIXTURE_STEPS): AlignEvent => ({ t: FIXTURE_T0, step: resumedFrom ?? 0, kind: "start", stage, steps, ...(resumedFrom === undefined ? {} : { resumedFrom }) });
const end = (step: number, status: "completed" | "interrupted" = "completed"): AlignEvent => ({ t: FIXTURE_T0 + step * 1000, step, kind: "end", status, elapsedMs: step * 1000 });

/**
 * Writes align run `id` with `config` and `events`, each checked against its schema first;
 * returns its folder.
 */
export function writeAlignRun(home: string, id: string, config: AlignConfig, events: readonly AlignEvent[]): string {
  const dir = join(alignFolder(home), id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "config.json"), JSON.stringify(alignConfigSchema.parse(config), null, 2) + "\n");
  writeFileSync(join(dir, "events.jsonl"), events.map((e) => JSON.stringify(alignEventSchema.parse(e)) + "\n").join(""));
  return dir;
}

/** The fixture's training settings: 10 steps, evaluations every 5. */
const short = { steps: FIXTURE_STEPS, evalEvery: 5, checkpointEvery: 4 };

/** Writes the whole fixture pipeline into `home`; returns its record. */
export function writeAlignFixture(home: string): PipelineRecord {
  const d = stageDefaults(0);
  const r = FIXTURE_RUNS;
  writeAlignRun(home, r.sft, { ...d.sft, ...short, base: r.base }, [start("sft"), policyEval(0), ...trainingEvents("sft", 0, 10), end(10)]);
  writeAlignRun(home, r.pairs, { ...d.pairs, policy: r.sft }, [start("pairs", undefined, 40), evaluation(40, { "labeller/gold_agreement": 0.7, "chosen/longer": 0.8 }), end(40)]);
  writeAlignRun(home, r.rm, { ...d.rm, ...short, init: r.sft, pairs: r.pairs }, [start("rm"), evaluation(0, { "rm/accuracy_labeller": 0.5, "rm/accuracy_gold": 0.5, "rm/length_correlation": 0 }), ...trainingEvents("rm", 0, 10), end(10)]);
  writeAlignRun(home, r.dpo, { ...d.dpo, ...short, policy: r.sft, pairs: r.pairs }, [start("dpo"), policyEval(0), ...trainingEvents("dpo", 0, 10), end(10)]);
  // Interrupted after step 6, resumed from the checkpoint at step 4: the first session's steps 5 and 6 (shifted by +100) are redone.
  writeAlignRun(home, r.rl, { ...d.rl, ...short, policy: r.sft, rewardModel: r.rm }, [
    start("rl"),
    policyEval(0, { "reward/proxy": 0 }),
    ...trainingEvents("rl", 0, 4),
    ...trainingEvents("rl", 4, 6, 100),
    end(6, "interrupted"),
    start("rl", 4),
    ...trainingEvents("rl", 4, 10),
    end(10),
  ]);
  const record = pipelineRecord.parse({ worldSeed: 0, labeller: d.pairs.labeller, base: r.base, sft: r.sft, pairs: r.pairs, rm: r.rm, dpo: [{ beta: 0.1, run: r.dpo }], rl: [{ klCoef: 0.02, run: r.rl }], elapsedMs: 60_000 });
  const dir = join(alignFolder(home), FIXTURE_PIPELINE);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "pipeline.json"), JSON.stringify(record, null, 2) + "\n");
  writePipelineReport(home, dir);
  return record;
}
