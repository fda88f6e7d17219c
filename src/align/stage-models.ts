/**
 * The models an align stage starts from, read from the runs it names: the base model from a
 * pretraining lab run, a policy or a reward model from an align run's newest checkpoint.
 * An align checkpoint's sidecar stores the GPT's config beside the stage's settings, so the
 * model is rebuilt without its parents.
 */
import { z } from "zod";
import { formatPath, InputError } from "../errors.js";
import { listCheckpoints, loadCheckpoint, type CheckpointState } from "../lab/checkpoint.js";
import { checkpointsFolder, findRunFolder } from "../lab/run-folder.js";
import { readRunCheckpoint, restoreModel } from "../lab/run-model.js";
import type { GptConfig } from "../nn/config.js";
import { createGpt, loadWeights, type Gpt } from "../nn/gpt.js";
import { createRng } from "../stats/prng.js";
import type { Json } from "../train/checkpoint-state.js";
import { labTokenizerFromJson, type LabTokenizer } from "../train/lab-tokenizer.js";
import type { AlignConfig, AlignStage } from "./align-config.js";
import { findAlignRun, readAlignConfig } from "./align-run.js";
import { createRewardModel, SCORE_HEAD, type RewardModel } from "./reward-model.js";

/** A GPT and the tokenizer it reads. */
export interface TokenizedModel {
  model: Gpt;
  tokenizer: LabTokenizer;
}

/** What an align checkpoint's sidecar `config` holds. */
export function alignCheckpointConfig(model: GptConfig, settings: AlignConfig): Json {
  return { model: { ...model }, settings } as unknown as Json;
}

/**
 * The newest checkpoint of a pretraining lab run as a model (the world's base model).
 *
 * @example const { model, tokenizer } = loadBaseModel(home, "20261207-071500-custom");
 */
export function loadBaseModel(home: string, runId: string): TokenizedModel & { dataSha256: string | undefined } {
  const checkpoint = readRunCheckpoint(findRunFolder(home, runId));
  return { model: restoreModel(checkpoint), tokenizer: checkpoint.tokenizer, dataSha256: checkpoint.config.data.sha256 };
}

/** The newest checkpoint of an align run, verified, with the run's settings. */
export function newestAlignCheckpoint(home: string, runId: string, stage?: AlignStage): { dir: string; settings: AlignConfig; checkpoint: CheckpointState; sidecarPath: string } {
  const dir = findAlignRun(home, runId, stage);
  const entries = listCheckpoints(checkpointsFolder(dir));
  if (entries.length === 0) throw new InputError(`align run "${runId}" has no checkpoint yet`, "wait for it to finish, or resume it with --resume");
  const sidecarPath = entries[entries.length - 1].sidecarPath;
  return { dir, settings: readAlignConfig(dir), checkpoint: loadCheckpoint(sidecarPath), sidecarPath };
}

const storedModel = z.object({ model: z.object({ vocabSize: z.number().int() }).passthrough() });

/** The GPT of an align checkpoint, its weights loaded (names beyond the GPT's, such as score.weight, are set aside). */
export function gptFromCheckpoint(checkpoint: CheckpointState, source: string): TokenizedModel {
  const parsed = storedModel.safeParse(checkpoint.config);
  if (!parsed.success) throw new InputError(`${source}: config field ${formatPath(parsed.error.issues[0].path)}: ${parsed.error.issues[0].message}`, "an align checkpoint stores its model's config");
  const model = createGpt(parsed.data.model as unknown as GptConfig, 0);
  loadWeights(model, Object.fromEntries(Object.entries(checkpoint.weights).filter(([name]) => name !== SCORE_HEAD)));
  return { model, tokenizer: labTokenizerFromJson(checkpoint.tokenizer, source) };
}

/** A policy (SFT, DPO or RL run) from its newest checkpoint. */
export function loadAlignPolicy(home: string, runId: string): TokenizedModel & { settings: AlignConfig } {
  const { checkpoint, sidecarPath, settings } = newestAlignCheckpoint(home, runId);
  if (settings.stage === "rm" || settings.stage === "pairs") throw new InputError(`align run "${runId}" is a ${settings.stage} run, not a policy`, "pass an sft, dpo or rl run");
  return { ...gptFromCheckpoint(checkpoint, sidecarPath), settings };
}

/** A reward model from an rm run's newest checkpoint. */
export function loadRewardModel(home: string, runId: string): { rewardModel: RewardModel; tokenizer: LabTokenizer; settings: AlignConfig } {
  const { checkpoint, sidecarPath, settings } = newestAlignCheckpoint(home, runId, "rm");
  const { model, tokenizer } = gptFromCheckpoint(checkpoint, sidecarPath);
  const head = checkpoint.weights[SCORE_HEAD];
  if (head === undefined) throw new InputError(`${sidecarPath}: the checkpoint has no ${SCORE_HEAD}`, "a reward model's checkpoint stores its head");
  return { rewardModel: createRewardModel(model, createRng(0), head), tokenizer, settings };
}
