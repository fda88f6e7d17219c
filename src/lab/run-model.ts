/**
 * A run's checkpoints as a model: the newest (or a chosen) checkpoint, verified, with its
 * config and tokenizer, for `dojo lab pretrain --resume`, `dojo lab eval` and `dojo lab sample`.
 */
import { formatPath, InputError } from "../errors.js";
import { loadWeights, type Gpt } from "../nn/gpt.js";
import { trainConfigSchema, type TrainConfig } from "../train/config.js";
import { labTokenizerFromJson, type LabTokenizer } from "../train/lab-tokenizer.js";
import { createRunModel } from "../train/model.js";
import { listCheckpoints, loadCheckpoint, type CheckpointState } from "./checkpoint.js";
import { checkpointsFolder } from "./run-folder.js";

/** A verified checkpoint with its parsed config and tokenizer. */
export interface RunCheckpoint {
  checkpoint: CheckpointState;
  config: TrainConfig;
  tokenizer: LabTokenizer;
  sidecarPath: string;
}

/**
 * The newest checkpoint of a run (or the one at `step`): files verified (sha256), config
 * and tokenizer validated. InputError when the run has none, the step is not kept, or a
 * stored field is malformed.
 *
 * @example const { checkpoint, config, tokenizer } = readRunCheckpoint(runDir);
 */
export function readRunCheckpoint(runDir: string, step?: number): RunCheckpoint {
  const entries = listCheckpoints(checkpointsFolder(runDir));
  if (entries.length === 0) throw new InputError(`${runDir}: the run has no checkpoint yet`, "checkpoints are written every checkpoint.every steps and at the end");
  const entry = step === undefined ? entries[entries.length - 1] : entries.find((e) => e.step === step);
  if (!entry) throw new InputError(`${runDir}: no checkpoint at step ${step}`, `kept checkpoints: steps ${entries.map((e) => e.step).join(", ")}`);
  const checkpoint = loadCheckpoint(entry.sidecarPath);
  const parsed = trainConfigSchema.safeParse(checkpoint.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${entry.sidecarPath}: config field ${formatPath(issue.path)}: ${issue.message}`, "resume from another checkpoint or start a new run");
  }
  return { checkpoint, config: parsed.data, tokenizer: labTokenizerFromJson(checkpoint.tokenizer, entry.sidecarPath), sidecarPath: entry.sidecarPath };
}

/** The trained model of a checkpoint. */
export function restoreModel({ checkpoint, config, tokenizer }: RunCheckpoint): Gpt {
  const model = createRunModel(config, tokenizer.vocabSize);
  loadWeights(model, checkpoint.weights);
  return model;
}
