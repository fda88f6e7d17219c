/**
 * The run log, `runs/<id>/events.jsonl`: one JSON object per line, each with the wall
 * time `t` (ms since the Unix epoch), the optimizer `step` it belongs to and a `kind`.
 * Train events are written every step; the report, `dojo lab runs` and resume read them
 * back through `eventSchema`, so a hand-edited or truncated log is one clear error.
 *
 *   start       the run begins (or resumes: `resumedFrom` is the checkpoint step)
 *   train       after each optimizer step: loss, learning rate, gradient norm, speed, memory
 *   layers      every `layerStatsEvery` steps: per-layer gradient norm, update/parameter ratio, Adam's
 *               second-moment RMS and max attention logit, and the output logits' mean, max and log Z
 *   eval        validation loss and perplexity, per-domain losses, arithmetic exact match, samples
 *   alert       a detector fired (detectors.ts); a non-finite value stops the run, the others do not
 *   recovery    the run rolled back to a snapshot (skipping batches) or lowered its learning rate on an alert
 *   checkpoint  a checkpoint was written
 *   end         the run stopped: completed, stopped by an alert, or interrupted
 */
import { z } from "zod";
import { DETECTORS } from "./detectors.js";

const base = { t: z.number(), step: z.number().int().nonnegative() };

export const startEvent = z.object({
  ...base,
  kind: z.literal("start"),
  /** Step of the checkpoint this run continues from; absent for a fresh run. */
  resumedFrom: z.number().int().optional(),
  /** Loader batches skipped before the first step, [from, to) in batches served since the start. */
  skippedBatches: z.tuple([z.number().int(), z.number().int()]).optional(),
  /** The run this one branched from (a resume with changed settings), and the checkpoint step. */
  branchOf: z.object({ run: z.string(), step: z.number().int() }).optional(),
  /** Total optimizer steps the run is configured for. */
  steps: z.number().int(),
  parameters: z.number().int(),
  /** Unigram entropy of the training tokens in nats: the loss of the best context-free model. */
  unigramEntropy: z.number(),
  trainTokens: z.number().int(),
  validationTokens: z.number().int(),
});

export const trainEvent = z.object({
  ...base,
  kind: z.literal("train"),
  /** Mean cross-entropy (nats per token) over the step's micro-batches. */
  loss: z.number(),
  lr: z.number(),
  /** Global L2 norm of the gradient before clipping. */
  gradNorm: z.number(),
  /** Tokens processed so far in the run (all steps, including before a resume). */
  tokens: z.number().int(),
  tokensPerSecond: z.number(),
  /** Training time so far in ms (excluding evaluation), summed across resumes. */
  elapsedMs: z.number(),
  /** Resident set size of the process in bytes. */
  rssBytes: z.number(),
  /** With emulated fp16 and loss scaling: the loss scale after this step, and whether the step was skipped (its scaled gradients overflowed). */
  lossScale: z.number().optional(),
  skipped: z.boolean().optional(),
  /** With emulated bf16 or fp16 gradients: the share of nonzero gradient entries that rounding flushed to zero. */
  underflowFraction: z.number().optional(),
});

/** One layer group: "wte", "wpe", "h.0" ... "h.<L-1>", "ln_f", "lm_head". */
export const layerStat = z.object({
  layer: z.string(),
  /** L2 norm of the group's gradient (before clipping). */
  gradNorm: z.number(),
  /** ‖Δθ‖ / ‖θ‖ of this step's update: around 1e-3 is healthy (Karpathy's rule of thumb). */
  updateRatio: z.number(),
  /** √(mean v) of Adam's second moment after the step. */
  adamVRms: z.number().optional(),
  /** Blocks only: the largest pre-softmax attention logit q·k/√D of the step's first micro-batch. */
  maxAttentionLogit: z.number().optional(),
});

/** The output logits of the step's first micro-batch: mean, max, and mean log Z = log Σ exp z. */
export const logitStats = z.object({ mean: z.number(), max: z.number(), logZ: z.number() });

export const layersEvent = z.object({ ...base, kind: z.literal("layers"), layers: z.array(layerStat), logits: logitStats.optional() });

export const evalEvent = z.object({
  ...base,
  kind: z.literal("eval"),
  tokens: z.number().int(),
  /** Loss on fixed training windows, measured as the validation loss is (eval mode, same window count). */
  trainLoss: z.number(),
  valLoss: z.number(),
  valPerplexity: z.number(),
  /** Validation loss per domain of the synthetic corpus (empty for a user text file). */
  domainLoss: z.record(z.string(), z.number()),
  /** Exact match of greedy answers to held-out arithmetic prompts; null without arithmetic. */
  arithmeticAccuracy: z.number().nullable(),
  arithmeticCount: z.number().int(),
  samples: z.array(z.string()),
});

export const alertEvent = z.object({
  ...base,
  kind: z.literal("alert"),
  alert: z.enum(DETECTORS),
  message: z.string(),
  /** Name of the first tensor that held a NaN or Inf (non-finite alerts). */
  tensor: z.string().optional(),
  /** The layer group the alert concerns ("h.1", "lm_head"). */
  layer: z.string().optional(),
  value: z.number().optional(),
  /** The numbers that made the detector fire. */
  evidence: z.record(z.string(), z.number()).optional(),
});

/** A recovery the run made on an alert: rolled back to a snapshot, skipped batches, lowered the learning rate. */
export const recoveryEvent = z.object({
  ...base,
  kind: z.literal("recovery"),
  action: z.enum(["rollback", "lower-lr"]),
  /** The step the alert fired at and the step the run went back to. */
  alertStep: z.number().int(),
  toStep: z.number().int(),
  /** Loader batches skipped, [from, to) in batches served since the start. */
  skippedBatches: z.tuple([z.number().int(), z.number().int()]).optional(),
  /** The learning-rate multiplier from now on. */
  lrScale: z.number(),
  message: z.string(),
});

export const checkpointEvent = z.object({
  ...base,
  kind: z.literal("checkpoint"),
  /** Path of the sidecar JSON relative to the run folder, e.g. "checkpoints/step-500.json". */
  path: z.string(),
  valLoss: z.number().nullable(),
  best: z.boolean(),
});

export const endEvent = z.object({
  ...base,
  kind: z.literal("end"),
  status: z.enum(["completed", "stopped", "interrupted"]),
  message: z.string(),
});

export const eventSchema = z.discriminatedUnion("kind", [startEvent, trainEvent, layersEvent, evalEvent, alertEvent, recoveryEvent, checkpointEvent, endEvent]);

export type StartEvent = z.infer<typeof startEvent>;
export type TrainEvent = z.infer<typeof trainEvent>;
export type LayerStat = z.infer<typeof layerStat>;
export type LayersEvent = z.infer<typeof layersEvent>;
export type EvalEvent = z.infer<typeof evalEvent>;
export type AlertEvent = z.infer<typeof alertEvent>;
export type RecoveryEvent = z.infer<typeof recoveryEvent>;
export type CheckpointEvent = z.infer<typeof checkpointEvent>;
export type EndEvent = z.infer<typeof endEvent>;
export type RunEvent = z.infer<typeof eventSchema>;
