/**
 * What a checkpoint holds, as plain data: the trainer produces it and src/lab/checkpoint.ts
 * stores it (safetensors for the tensors, a JSON sidecar for the rest).
 */
import type { AdamWState } from "../optim/adamw.js";

/** JSON-serializable value (config, tokenizer and trainer state are stored as given and validated by the caller). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Everything a run needs to continue exactly where it stopped. */
export interface CheckpointState {
  /** Optimizer steps completed. */
  step: number;
  /** nanoGPT parameter names -> data (shapes in `shapes`). */
  weights: Record<string, Float32Array>;
  /** Shape of each weight. */
  shapes: Record<string, number[]>;
  /** Moments keyed by the same names (a subset of weights' names is fine). */
  optimizer: AdamWState;
  /** Validation loss at this step, if evaluated. */
  valLoss: number | null;
  config: Json;
  tokenizer: Json;
  trainer: Json;
}
