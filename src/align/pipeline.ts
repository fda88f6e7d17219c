/**
 * The whole alignment lab in order, from one world: pretrain the base model on its documents,
 * SFT, sample and label pairs, train the reward model, then DPO over a sweep of β and online RL
 * over a sweep of KL coefficients, and write the report that compares them. The pipeline's
 * record (`align/<stamp>-pipeline/pipeline.json`) names every run, so the report can be
 * rebuilt from the runs alone.
 */
import { existsSync, mkdirSync } from "node:fs";
import { InputError } from "../errors.js";
import { join } from "node:path";
import { runStamp } from "../lab/run-folder.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import { readJsonFile } from "../workspace/jsonl.js";
import { pipelineRecord, type LabellerSettings, type PipelineRecord } from "./align-config.js";
import { BASE_OVERRIDES, stageDefaults } from "./align-presets.js";
import { alignFolder } from "./align-run.js";
import { runPairs, runTrainingStage, type StageCallbacks } from "./align-stages.js";
import { runBase } from "./base-run.js";


export interface PipelineOptions {
  worldSeed: number;
  labeller: LabellerSettings;
  betas: readonly number[];
  klCoefs: readonly number[];
  backend: "ts" | "wasm";
  /** A quick look (tests): every stage's steps divided by this, and above 1 one evaluation answer of at most 16 tokens per prompt and two answers per pair prompt. */
  shrink?: number;
  /** A finished base run to reuse instead of pretraining one. */
  base?: string;
  onStage?: (name: string, index: number, total: number) => void;
  onProgress?: StageCallbacks["onProgress"];
  /** Polled between steps: true stops the current stage after a checkpoint and ends the pipeline. */
  shouldStop?: () => boolean;
}

/** A pipeline that stopped before its end: the stage and run it stopped in. */
export class PipelineInterrupted extends Error {
  constructor(
    readonly stage: string,
    readonly run: string,
  ) {
    super(`the pipeline stopped during ${stage} (run ${run})`);
  }
}

/** The file holding a pipeline's record. */
export function pipelinePath(dir: string): string {
  return join(dir, "pipeline.json");
}

/** The folder of pipeline `idOrPath` (an id under the workspace's align folder, or a path). */
export function findPipeline(home: string, idOrPath: string): string {
  const dir = [idOrPath, join(alignFolder(home), idOrPath)].find((d) => existsSync(pipelinePath(d)));
  if (dir === undefined) throw new InputError(`no pipeline "${idOrPath}" (looked for ${pipelinePath(join(alignFolder(home), idOrPath))})`, "dojo align runs lists the pipelines");
  return dir;
}

export function readPipeline(dir: string): PipelineRecord {
  return readJsonFile(pipelinePath(dir), pipelineRecord, "pipeline.json is written by dojo align pipeline");
}

/**
 * Runs every stage and returns the pipeline's folder and record.
 *
 * @example const { dir } = await runPipeline(home, { worldSeed: 0, labeller: PIPELINE_LABELLER, betas: [0.1], klCoefs: [0.02], backend: "wasm" });
 */
export async function runPipeline(home: string, options: PipelineOptions): Promise<{ dir: string; record: PipelineRecord }> {
  const started = Date.now();
  const shrink = options.shrink ?? 1;
  const defaults = stageDefaults(options.worldSeed);
  const quickSampling = { temperature: 1, maxTokens: 16 };
  const short = <T extends { steps: number; evalEvery: number; checkpointEvery: number; evalSamples: number; sampling: { temperature: number; maxTokens: number } }>(s: T): T => {
    if (shrink === 1) return { ...s, backend: options.backend };
    const steps = Math.max(2, Math.round(s.steps / shrink));
    return { ...s, steps, evalEvery: Math.min(s.evalEvery, steps), checkpointEvery: Math.min(s.checkpointEvery, steps), evalSamples: 1, sampling: quickSampling, backend: options.backend };
  };
  const total = 3 + (options.base ? 0 : 1) + options.betas.length + options.klCoefs.length; // sft, pairs, rm (+ base) + sweeps
  let index = 0;
  const stage = (name: string) => {
    current = name;
    options.onStage?.(name, ++index, total);
  };
  const callbacks = { onProgress: options.onProgress, shouldStop: options.shouldStop };
  let current = "";
  /** The run's id, once its stage completed; an interrupted stage ends the pipeline. */
  const finished = (outcome: { id: string; status: string }) => {
    if (outcome.status !== "completed") throw new PipelineInterrupted(current, outcome.id);
    return outcome.id;
  };

  let base = options.base;
  if (base === undefined) {
    stage("base: pretraining on the world's documents");
    const onProgress = options.onProgress && ((p: { step: number; steps: number; loss: number }) => options.onProgress!(p.step, p.steps, { loss: p.loss }));
    base = finished(await runBase(home, defaults.sft.world, { backend: options.backend, steps: Math.max(20, Math.round((BASE_OVERRIDES.steps ?? 1000) / shrink)), shouldStop: options.shouldStop, onProgress }));
  }
  stage("sft");
  const sft = finished(await runTrainingStage(home, { ...short(defaults.sft), base }, callbacks));
  stage("pairs");
  const pairsSettings = shrink === 1 ? defaults.pairs : { ...defaults.pairs, answersPerPrompt: 2, sampling: quickSampling };
  const pairs = finished(await runPairs(home, { ...pairsSettings, policy: sft, labeller: options.labeller, backend: options.backend }, callbacks));
  stage("rm");
  const rm = finished(await runTrainingStage(home, { ...short(defaults.rm), init: sft, pairs }, callbacks));
  const dpo = [];
  for (const beta of options.betas) {
    stage(`dpo β=${beta}`);
    dpo.push({ beta, run: finished(await runTrainingStage(home, { ...short(defaults.dpo), beta, policy: sft, pairs }, callbacks)) });
  }
  const rl = [];
  for (const klCoef of options.klCoefs) {
    stage(`rl kl=${klCoef}`);
    rl.push({ klCoef, run: finished(await runTrainingStage(home, { ...short(defaults.rl), klCoef, policy: sft, rewardModel: rm }, callbacks)) });
  }
  const record: PipelineRecord = { worldSeed: options.worldSeed, labeller: options.labeller, base, sft, pairs, rm, dpo, rl, elapsedMs: Date.now() - started };
  const dir = join(alignFolder(home), `${runStamp(new Date(started))}-pipeline`);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(pipelinePath(dir), JSON.stringify(record, null, 2) + "\n");
  return { dir, record };
}
