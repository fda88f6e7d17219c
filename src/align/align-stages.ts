/**
 * Starting and resuming the alignment lab's stages: each reads the runs it names, builds its
 * models on the configured kernels, and trains in its own run folder under `<home>/align/`.
 * One function per stage, shared by the CLI and the web app.
 */
import { join } from "node:path";
import { InputError } from "../errors.js";
import { checkpointsFolder, lockRun } from "../lab/run-folder.js";
import { listCheckpoints, loadCheckpoint } from "../lab/checkpoint.js";
import type { Gpt } from "../nn/gpt.js";
import { createRng } from "../stats/prng.js";
import { useBackend } from "../tensor/backend.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import { readJsonl } from "../workspace/jsonl.js";
import type { AlignConfig, DpoConfig, PairsConfig, RlConfig, RmConfig } from "./align-config.js";
import { appendAlignEvent, createAlignRun, findAlignRun, readAlignConfig, saveAlignCheckpoint } from "./align-run.js";
import { ABSTAIN, writeAnswer } from "./answer-style.js";
import { dpoStage } from "./dpo-stage.js";
import type { LabellerOptions } from "./labeller.js";
import { answerPrompts } from "./policy-answers.js";
import { evaluatePolicy } from "./policy-evaluation.js";
import { labelledPairs, pairPrompts, pairRecord, pairsSummary, type PairRecord } from "./preference-pairs.js";
import { createRewardModel } from "./reward-model.js";
import { rewardStage } from "./reward-stage.js";
import { rlStage } from "./rl-stage.js";
import { sftStage } from "./sft.js";
import { runStage, type Stage } from "./stage-loop.js";
import { loadAlignPolicy, loadBaseModel, loadRewardModel, type TokenizedModel } from "./stage-models.js";
import { generateWorld, worldText, type World } from "./world.js";
import { createHash } from "node:crypto";

export interface StageCallbacks {
  onProgress?: (step: number, total: number, metrics: Record<string, number>) => void;
  shouldStop?: () => boolean;
}

export interface StageOutcome {
  id: string;
  dir: string;
  stage: AlignConfig["stage"];
  status: "completed" | "interrupted";
}

/** The file a stage's pairs are stored in. */
export function pairsPath(dir: string): string {
  return join(dir, "pairs.jsonl");
}

/** The pairs of a pairs run. */
export function readPairs(home: string, runId: string): { pairs: PairRecord[]; settings: PairsConfig } {
  const dir = findAlignRun(home, runId, "pairs");
  const settings = readAlignConfig(dir) as PairsConfig;
  return { pairs: readJsonl(pairsPath(dir), pairRecord, "each line is one labelled pair").map((r) => r.value), settings };
}

/** The labeller behind a reward model (its pairs run's). */
function labellerOfRewardModel(home: string, rmRun: string): LabellerOptions {
  const rm = readAlignConfig(findAlignRun(home, rmRun, "rm")) as RmConfig;
  return readPairs(home, rm.pairs).settings.labeller;
}

/** Checks that a starting model can read every prompt and answer of the world. */
function checkCoverage(world: World, tokenizer: TokenizedModel["tokenizer"], source: string): void {
  try {
    for (const p of world.prompts) tokenizer.encode(p.prompt + writeAnswer(p.gold, { opener: 0, tone: { kind: "hedged", index: 0 }, padding: 0 }) + writeAnswer(ABSTAIN, { opener: 1, tone: null, padding: 1 }));
  } catch (err) {
    throw new InputError(`${source}: its tokenizer cannot read the world's prompts (${(err as Error).message})`, "pretrain the base model on the world's documents: dojo align base");
  }
}

/** Builds the stage a config describes, from the runs it names (models made on the active backend). */
function buildStage(home: string, config: AlignConfig): Stage {
  const world = generateWorld(config.world);
  const evalPrompts = world.prompts.filter((p) => p.split === "eval");
  /** The policy evaluation with the SFT model as reference and as the win-rate baseline. */
  const policyEvaluation = (settings: DpoConfig | RlConfig, policy: Gpt, reference: TokenizedModel, labeller: LabellerOptions, rewardModel?: ReturnType<typeof loadRewardModel>["rewardModel"]) => {
    const baseline = answerPrompts(reference.model, reference.tokenizer, evalPrompts, settings.evalSamples, settings.sampling, createRng(settings.seed + 99));
    return (rng: ReturnType<typeof createRng>, step: number) =>
      evaluatePolicy(policy, { tokenizer: reference.tokenizer, prompts: evalPrompts, samples: settings.evalSamples, sampling: settings.sampling, reference: reference.model, baseline: { answers: baseline, labeller }, rewardModel }, rng, settings.seed + step);
  };
  switch (config.stage) {
    case "sft": {
      const base = loadBaseModel(home, config.base);
      const expected = createHash("sha256").update(worldText(world)).digest("hex");
      if (base.dataSha256 !== expected) throw new InputError(`lab run ${config.base} was not pretrained on the documents of world ${config.world.seed}`, "dojo align base pretrains one; or pass --world-seed of the world it was trained on");
      checkCoverage(world, base.tokenizer, `lab run ${config.base}`);
      return sftStage(config, world, base.model, base.tokenizer);
    }
    case "rm": {
      const init = loadAlignPolicy(home, config.init);
      return rewardStage(config, world, createRewardModel(init.model, createRng(config.seed)), init.tokenizer, readPairs(home, config.pairs).pairs);
    }
    case "dpo": {
      const policy = loadAlignPolicy(home, config.policy);
      const reference = loadAlignPolicy(home, config.policy);
      const { pairs, settings } = readPairs(home, config.pairs);
      return dpoStage(config, policy.model, reference.model, policy.tokenizer, pairs, policyEvaluation(config, policy.model, reference, settings.labeller));
    }
    case "rl": {
      const policy = loadAlignPolicy(home, config.policy);
      const reference = loadAlignPolicy(home, config.policy);
      const { rewardModel } = loadRewardModel(home, config.rewardModel);
      const prompts = world.prompts.filter((p) => p.split === "rl");
      return rlStage(config, prompts, policy.model, reference.model, rewardModel, policy.tokenizer, policyEvaluation(config, policy.model, reference, labellerOfRewardModel(home, config.rewardModel), rewardModel));
    }
    case "pairs":
      throw new Error("a pairs run samples and labels; it does not train (runPairs)");
  }
}

/**
 * Runs a training stage (sft, rm, dpo, rl) in a new run folder, or resumes `resumeId` from its
 * newest checkpoint. Bad settings or parents fail before the folder is made.
 *
 * @example const { id } = await runTrainingStage(home, { ...stageDefaults(0).sft, base: "20261207-080000-custom" });
 */
export async function runTrainingStage(home: string, config: Exclude<AlignConfig, PairsConfig>, callbacks: StageCallbacks = {}, resumeId?: string): Promise<StageOutcome> {
  if (config.stage === "rl" && config.batchSize % config.groupSize !== 0) throw new InputError(`rl batchSize ${config.batchSize} is not a multiple of groupSize ${config.groupSize}`, "each prompt gets a whole group of answers");
  const backend = useBackend(config.backend, config.threads);
  try {
    const stage = buildStage(home, config);
    const { id, dir } = resumeId ? { id: resumeId, dir: findAlignRun(home, resumeId) } : createAlignRun(home, config);
    const release = lockRun(dir);
    try {
      const checkpoints = listCheckpoints(checkpointsFolder(dir));
      const resume = resumeId && checkpoints.length > 0 ? loadCheckpoint(checkpoints[checkpoints.length - 1].sidecarPath) : undefined;
      const result = await runStage(stage, {
        stage: config.stage,
        event: (e) => appendAlignEvent(dir, e),
        checkpoint: (s) => saveAlignCheckpoint(dir, s),
        resume,
        onProgress: (step, metrics) => callbacks.onProgress?.(step, config.steps, metrics),
        shouldStop: callbacks.shouldStop,
      });
      return { id, dir, stage: config.stage, status: result.status };
    } finally {
      release();
    }
  } finally {
    await backend.close();
  }
}

/**
 * Resumes an interrupted training stage from its newest checkpoint, bit for bit.
 *
 * @example await resumeAlignRun(home, "20261207-081500-rl")
 */
export async function resumeAlignRun(home: string, id: string, callbacks: StageCallbacks = {}): Promise<StageOutcome> {
  const config = readAlignConfig(findAlignRun(home, id));
  if (config.stage === "pairs") throw new InputError(`align run ${id} is a pairs run; pairs runs are not resumed`, "start a new one: dojo align pairs");
  return runTrainingStage(home, config, callbacks, id);
}

/**
 * Samples and labels pairs with a policy, writing pairs.jsonl atomically at the end (an
 * interrupted pairs run leaves no pairs file) and a summary eval event.
 *
 * @example const { id } = await runPairs(home, { ...stageDefaults(0).pairs, policy: sftId });
 */
export async function runPairs(home: string, config: PairsConfig, callbacks: StageCallbacks = {}): Promise<StageOutcome> {
  const backend = useBackend(config.backend, config.threads);
  try {
    const world = generateWorld(config.world);
    const policy = loadAlignPolicy(home, config.policy);
    const { id, dir } = createAlignRun(home, config);
    const release = lockRun(dir);
    try {
      return await samplePairs(dir, id, config, world, policy, callbacks);
    } finally {
      release();
    }
  } finally {
    await backend.close();
  }
}

/** The pairs run's work in its locked folder: every prompt's pairs, then pairs.jsonl and the summary. */
async function samplePairs(dir: string, id: string, config: PairsConfig, world: World, policy: TokenizedModel, callbacks: StageCallbacks): Promise<StageOutcome> {
  const started = Date.now();
  const prompts = pairPrompts(world);
  appendAlignEvent(dir, { t: Date.now(), step: 0, kind: "start", stage: "pairs", steps: prompts.length });
  const rng = createRng(config.seed);
  const pairs: PairRecord[] = [];
  for (let i = 0; i < prompts.length; i++) {
    await new Promise((resolve) => setImmediate(resolve)); // let a stop request in
    if (callbacks.shouldStop?.()) {
      appendAlignEvent(dir, { t: Date.now(), step: i, kind: "end", status: "interrupted", elapsedMs: Date.now() - started });
      return { id, dir, stage: "pairs", status: "interrupted" };
    }
    pairs.push(...labelledPairs(config, policy.model, policy.tokenizer, prompts[i], rng));
    callbacks.onProgress?.(i + 1, prompts.length, { pairs: pairs.length });
  }
  writeFileAtomic(pairsPath(dir), pairs.map((p) => JSON.stringify(p)).join("\n") + "\n");
  appendAlignEvent(dir, { t: Date.now(), step: prompts.length, kind: "eval", ...pairsSummary(pairs, world, config.seed) });
  appendAlignEvent(dir, { t: Date.now(), step: prompts.length, kind: "end", status: "completed", elapsedMs: Date.now() - started });
  return { id, dir, stage: "pairs", status: "completed" };
}

