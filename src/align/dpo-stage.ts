/**
 * Direct preference optimization (Rafailov et al. 2023) of the SFT policy on labelled pairs,
 * against the frozen SFT model as reference. The loss and its gradient with respect to each
 * answer's log-probability come from src/nn/preference-loss.ts (TRL's sigmoid loss, its
 * label-smoothed "conservative" form, or IPO); the gradient then flows to every answer token.
 * IPO (Azar et al. 2023) is fed per-token average log-probs, as TRL feeds it, so its target
 * margin 1/(2β) does not depend on answer length; the sigmoid loss takes sums.
 * Logged each step under TRL's names: rewards/chosen, rewards/rejected, rewards/accuracies,
 * rewards/margins, logps/chosen, logps/rejected.
 */
import type { Gpt } from "../nn/gpt.js";
import { dpoLoss, dpoMetrics } from "../nn/preference-loss.js";
import { backward } from "../tensor/tensor.js";
import type { LabTokenizer } from "../train/lab-tokenizer.js";
import type { DpoConfig } from "./align-config.js";
import { answerLogProbs, frozenAnswerLogProbs, perTokenSeed } from "./answer-log-probs.js";
import { pairBatch, type PairRecord } from "./preference-pairs.js";
import { alignCheckpointConfig } from "./stage-models.js";
import type { Stage, StageEvaluation } from "./stage-loop.js";
import type { Rng } from "../stats/prng.js";


/**
 * The DPO stage: `policy` trained in place; `reference` frozen; `evaluate` measures the policy
 * (policy-evaluation.ts with the reference and the SFT answers as win-rate baseline).
 *
 * @example runStage(dpoStage(config, policy, reference, tokenizer, pairs, evaluate), { stage: "dpo", event, checkpoint })
 */
export function dpoStage(config: DpoConfig, policy: Gpt, reference: Gpt, tokenizer: LabTokenizer, pairs: readonly PairRecord[], evaluate: (rng: Rng, step: number) => StageEvaluation): Stage {
  const train = pairs.filter((p) => p.use === "train");
  const blockSize = policy.config.blockSize;
  const average = config.lossType === "ipo";
  // The reference never changes: score every training pair once. perRow[i] = [chosen, rejected].
  const referenceLogProbs = train.map((p) => {
    const batch = pairBatch(tokenizer, [p], blockSize);
    const scores = frozenAnswerLogProbs(reference, batch);
    return average ? [scores[0] / batch.answerTokens[0], scores[1] / batch.answerTokens[1]] : [scores[0], scores[1]];
  });
  return {
    settings: config,
    parameters: policy.parameters,
    step(rng) {
      const indices = Array.from({ length: config.batchSize }, () => rng.nextInt(train.length));
      const batch = pairBatch(tokenizer, indices.map((i) => train[i]), blockSize);
      const n = indices.length;
      const { tokens, sequences } = answerLogProbs(policy, batch, { training: true, rng });
      // IPO reads per-token averages: log π / |y|, so d/d log π = (d/d average) / |y|.
      const scale = (row: number) => (average ? 1 / batch.answerTokens[row] : 1);
      const policyLogProbs = Float64Array.from(sequences, (s, row) => s * scale(row));
      const logProbs = {
        policyChosen: policyLogProbs.subarray(0, n),
        policyRejected: policyLogProbs.subarray(n),
        referenceChosen: indices.map((i) => referenceLogProbs[i][0]),
        referenceRejected: indices.map((i) => referenceLogProbs[i][1]),
      };
      const result = dpoLoss(logProbs, { beta: config.beta, labelSmoothing: config.labelSmoothing, lossType: config.lossType });
      const perSequence = Float64Array.from({ length: 2 * n }, (_, row) => (row < n ? result.gradPolicyChosen[row] : result.gradPolicyRejected[row - n]) * scale(row));
      backward(tokens, perTokenSeed(batch, perSequence));
      return { loss: result.loss, ...dpoMetrics(logProbs, result) };
    },
    evaluate,
    checkpointConfig: alignCheckpointConfig(policy.config, config),
    tokenizer: tokenizer.spec as never,
  };
}
