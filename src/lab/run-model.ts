/**
 * A run's model: built from its config, and restored from one of its checkpoints for
 * `dojo lab eval` and `dojo lab sample`.
 */
import { InputError } from "../errors.js";
import { loadWeights, type Gpt } from "../nn/gpt.js";
import { createRunModel } from "../train/model.js";
import { listCheckpoints, loadCheckpoint, type CheckpointState } from "./checkpoint.js";
import { trainConfigSchema, type TrainConfig } from "../train/config.js";
import { labTokenizer, type LabTokenizer, type TokenizerSpec } from "../train/lab-tokenizer.js";
import { checkpointsFolder } from "./run-folder.js";

/**
 * The newest checkpoint of a run (or the one at `step`), verified, with its config.
 * InputError when the run has none or the requested step is not kept.
 */
export function readRunCheckpoint(runDir: string, step?: number): { checkpoint: CheckpointState; config: TrainConfig } {
  const entries = listCheckpoints(checkpointsFolder(runDir));
  if (entries.length === 0) throw new InputError(`${runDir}: the run has no checkpoint yet`, "checkpoints are written every checkpoint.every steps and at the end");
  const entry = step === undefined ? entries[entries.length - 1] : entries.find((e) => e.step === step);
  if (!entry) throw new InputError(`${runDir}: no checkpoint at step ${step}`, `kept checkpoints: steps ${entries.map((e) => e.step).join(", ")}`);
  const checkpoint = loadCheckpoint(entry.sidecarPath);
  const parsed = trainConfigSchema.safeParse(checkpoint.config);
  if (!parsed.success) throw new InputError(`${entry.sidecarPath}: the stored config is not valid (${parsed.error.issues[0].message})`);
  return { checkpoint, config: parsed.data };
}

/** The trained model and tokenizer of a checkpoint. */
export function restoreModel(checkpoint: CheckpointState, config: TrainConfig): { model: Gpt; tokenizer: LabTokenizer } {
  const tokenizer = labTokenizer(checkpoint.tokenizer as TokenizerSpec);
  const model = createRunModel(config, tokenizer.vocabSize);
  loadWeights(model, checkpoint.weights);
  return { model, tokenizer };
}
