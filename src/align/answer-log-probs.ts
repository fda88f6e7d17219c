/**
 * log π(answer | prompt) for every row of a completion batch, with the per-token log-probs kept
 * on the autograd tape: a sequence-level objective computes its gradient with respect to each
 * sequence's (or token's) log-prob in float64, then seeds `backward` with it.
 *
 *   logits [B, T, V] → tokenLogProbs [B·T] (0 off the answer) → per sequence Σ_t [B]
 */
import { forward, IGNORE_INDEX, type ForwardOptions, type Gpt } from "../nn/gpt.js";
import { scale } from "../tensor/elementwise.js";
import { reshape } from "../tensor/shape.js";
import { tokenLogProbs } from "../tensor/token-log-probs.js";
import { noGrad, type Tensor } from "../tensor/tensor.js";
import type { CompletionBatch } from "./completions.js";

export interface AnswerLogProbs {
  /** [B·T] log p of each answer token (0 elsewhere), on the tape when the model records gradients. */
  tokens: Tensor;
  /** [B] Σ over the row's answer tokens, in float64. */
  sequences: Float64Array;
  /** [B, T, V] the logits, for statistics such as entropy. */
  logits: Tensor;
}

/** Options of answerLogProbs: the forward's, and the sampling temperature τ the answers were drawn at. */
export interface AnswerLogProbOptions extends ForwardOptions {
  /**
   * Scores under softmax(logits / τ), the distribution answers sampled at temperature τ come
   * from (as TRL's GRPO computes its log-probs), so ratios and KL estimates refer to the policy
   * that actually sampled. Default 1.
   */
  temperature?: number;
}

/**
 * Runs the model on the batch and scores the answers.
 *
 * @example const { tokens, sequences } = answerLogProbs(policy, batch); backward(tokens, perTokenSeed(batch, dLoss_dSequence));
 */
export function answerLogProbs(model: Gpt, batch: CompletionBatch, options: AnswerLogProbOptions = {}): AnswerLogProbs {
  const { B, T } = batch;
  const { temperature = 1, ...forwardOptions } = options;
  const { logits: raw } = forward(model, batch.ids, B, T, null, forwardOptions);
  const logits = temperature === 1 ? raw : scale(raw, 1 / temperature);
  const tokens = tokenLogProbs(reshape(logits, [B * T, model.config.vocabSize]), batch.targets, IGNORE_INDEX);
  const sequences = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let total = 0;
    for (let t = 0; t < T; t++) total += tokens.data[b * T + t];
    sequences[b] = total;
  }
  return { tokens, sequences, logits };
}

/** The answers' sequence log-probs under a model that is not being trained (a frozen reference), at temperature τ (default 1). */
export function frozenAnswerLogProbs(model: Gpt, batch: CompletionBatch, temperature = 1): Float64Array {
  return noGrad(() => answerLogProbs(model, batch, { temperature }).sequences);
}

/**
 * Spreads a gradient per sequence, dL/d log π(answer_b), onto that row's answer tokens: the
 * seed for `backward(tokens, seed)`, since d log π(answer)/d log p(token) = 1 for each of its tokens.
 *
 * @example perTokenSeed(batch, Float64Array.of(-0.5, 0.5)) // −0.5 on row 0's answer tokens, 0.5 on row 1's
 */
export function perTokenSeed(batch: CompletionBatch, perSequence: ArrayLike<number>): Float64Array {
  const { B, T, targets } = batch;
  const seed = new Float64Array(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) if (targets[b * T + t] !== IGNORE_INDEX) seed[b * T + t] = perSequence[b];
  }
  return seed;
}
