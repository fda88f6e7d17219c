/**
 * A reward model: the GPT backbone with a scalar head on the last token, as InstructGPT
 * (Ouyang et al. 2022) builds it from the SFT model. The hidden state after the final norm at
 * the sequence's last token, which has attended to the whole prompt and answer, goes through
 * one linear map to a number:
 *
 *   r = h_last · w        h_last: [C], w = score.weight: [1, C]  (HF's sequence-classification head, no bias)
 *
 * Bradley–Terry (src/nn/preference-loss.ts) only sees differences r_chosen − r_rejected, so a
 * bias would carry no gradient.
 */
import { forward, type Gpt } from "../nn/gpt.js";
import type { Rng } from "../stats/prng.js";
import { embedding } from "../tensor/embedding.js";
import { linear } from "../tensor/matmul.js";
import { reshape } from "../tensor/shape.js";
import { noGrad, parameter, randn, type Parameter, type Tensor } from "../tensor/tensor.js";
import { packCompletions, scoreInBatches, type Completion, type CompletionBatch } from "./completions.js";
import type { LabTokenizer } from "../train/lab-tokenizer.js";

/** The head's parameter name, stored beside the backbone's nanoGPT names in a checkpoint. */
export const SCORE_HEAD = "score.weight";
/** Standard deviation of the head's initial weights (GPT-2's initializer_range). */
const HEAD_INIT_STD = 0.02;

export interface RewardModel {
  backbone: Gpt;
  head: Tensor & Parameter;
}

/** Every trainable tensor: the backbone's, then the head. */
export function rewardModelParameters(model: RewardModel): Array<Tensor & Parameter> {
  return [...model.backbone.parameters, model.head];
}

/**
 * A reward model on `backbone` (whose weights it trains) with a fresh head, or with `head`'s values.
 *
 * @example const rm = createRewardModel(restoreModel(sft), createRng(seed));
 */
export function createRewardModel(backbone: Gpt, rng: Rng, head?: Float32Array): RewardModel {
  const C = backbone.config.nEmbd;
  return { backbone, head: parameter(SCORE_HEAD, [1, C], head ?? randn([1, C], rng, HEAD_INIT_STD)) };
}

/**
 * The rewards of a batch's completions: [B], one per row, read at each row's last token.
 *
 * @example const r = rewards(rm, packCompletions(tokenizer, pairs.flatMap((p) => [p.chosen, p.rejected]), blockSize));
 */
export function rewards(model: RewardModel, batch: CompletionBatch): Tensor {
  const { B, T } = batch;
  const C = model.backbone.config.nEmbd;
  const { hidden } = forward(model.backbone, batch.ids, B, T); // [B, T, C]
  const rows = Int32Array.from(batch.lastIndex, (t, b) => b * T + t);
  const last = embedding(reshape(hidden, [B * T, C]), rows); // [B, C]: the last token's hidden state per row
  return reshape(linear(last, model.head), [B]); // [B, 1] → [B]
}

/**
 * The reward of each completion, without recording gradients, in batches.
 *
 * @example rewardScores(rm, tokenizer, [{ prompt: "Q: What is 2+3?\nA:", answer: " 5.\n" }]) // [0.41]
 */
export function rewardScores(model: RewardModel, tokenizer: LabTokenizer, completions: readonly Completion[]): number[] {
  return scoreInBatches(completions, (batch) => noGrad(() => rewards(model, packCompletions(tokenizer, batch, model.backbone.config.blockSize)).data));
}
