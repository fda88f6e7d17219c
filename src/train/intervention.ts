/**
 * Where a lab breaks training on purpose (src/lab/faults.ts): hooks the trainer calls at
 * fixed points of a step. A run without an intervention trains as its config says.
 */
import type { Batch } from "../data/loader.js";
import type { Gpt } from "../nn/gpt.js";
import type { AdamW } from "../optim/adamw.js";

export interface Intervention {
  /** The learning rate of 0-based `step`, given the schedule's. */
  lr?(step: number, scheduled: number): number;
  /** What the loader's `index`-th batch (0-based, counting every batch served since the start) becomes at 0-based `step`. */
  batch?(index: number, batch: Batch, step: number): Batch;
  /** Multiplies the backward seed 1/gradAccumulation at 0-based `step`: gradAccumulation sums micro-batch gradients instead of averaging them. */
  gradSeedScale?(step: number): number;
  /** Called before each 0-based step with the model and optimizer (e.g. to zero Adam's moments). */
  beforeStep?(step: number, model: Gpt, optimizer: AdamW): void;
}
