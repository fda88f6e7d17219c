/** The faults the failure lab can inject (src/lab/faults.ts defines them; content/runbook/ explains them). */
export const FAULT_NAMES = [
  "lr-x10",
  "lr-x100",
  "no-warmup",
  "no-clipping",
  "shard-random",
  "shard-repeat",
  "label-leak",
  "repeated-batch",
  "optimizer-reset",
  "accumulation-unscaled",
  "adam-eps-large",
  "adam-beta2-high",
  "fp16-underflow",
  "fp16-overflow",
  "decay-norms",
  "eval-tokenizer",
  "head-init-scale",
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];
