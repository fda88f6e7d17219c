/**
 * Training the reward model on labelled pairs with the Bradley–Terry loss
 * −log σ(r_chosen − r_rejected) (src/nn/preference-loss.ts). Held-out pairs (the world's eval
 * prompts) measure it two ways, which a narrow labeller pulls apart: accuracy against the
 * labeller's choices (what the reward model was taught) and against gold (what is true: the
 * answer with the higher gold score should get the higher reward, on pairs whose gold differs).
 */
import { bradleyTerryLoss } from "../nn/preference-loss.js";
import { bootstrapMean } from "../stats/bootstrap.js";
import { backward } from "../tensor/tensor.js";
import type { LabTokenizer } from "../train/lab-tokenizer.js";
import type { RmConfig } from "./align-config.js";
import { gradeAnswer } from "./grader.js";
import { pairBatch, promptOf, type PairRecord } from "./preference-pairs.js";
import { rewardModelParameters, rewards, rewardScores, type RewardModel } from "./reward-model.js";
import { alignCheckpointConfig } from "./stage-models.js";
import type { Stage, StageEvaluation } from "./stage-loop.js";
import type { World } from "./world.js";


/**
 * The reward model's accuracy on pairs against the labeller and against gold, and the
 * correlation of its score with answer length (a length-biased labeller teaches it one).
 */
export function rewardModelEvaluation(model: RewardModel, tokenizer: LabTokenizer, pairs: readonly PairRecord[], world: World, seed: number): StageEvaluation {
  const chosen = rewardScores(model, tokenizer, pairs.map((p) => ({ prompt: p.prompt, answer: p.chosen })));
  const rejected = rewardScores(model, tokenizer, pairs.map((p) => ({ prompt: p.prompt, answer: p.rejected })));
  const prompt = promptOf(world);
  const labeller = pairs.map((_, i) => +(chosen[i] > rejected[i]));
  const gold = pairs.flatMap((p, i) => {
    const [c, r] = [gradeAnswer(prompt(p), p.chosen).score, gradeAnswer(prompt(p), p.rejected).score];
    return c === r ? [] : [+(c > r === chosen[i] > rejected[i])];
  });
  const lengths = pairs.flatMap((p) => [p.chosen.length, p.rejected.length]);
  const metrics: Record<string, number> = { "rm/length_correlation": pearson(lengths, pairs.flatMap((_, i) => [chosen[i], rejected[i]])) };
  const intervals: Record<string, [number, number]> = {};
  for (const [name, values] of [["rm/accuracy_labeller", labeller], ["rm/accuracy_gold", gold]] as const) {
    if (values.length === 0) continue;
    const result = bootstrapMean(values, { method: "percentile", nResamples: 1000, seed });
    metrics[name] = result.estimate;
    intervals[name] = [result.low, result.high];
  }
  return { metrics, intervals, n: pairs.length, samples: pairs.slice(0, 6).map((p, i) => ({ prompt: p.prompt, answer: `${JSON.stringify(p.chosen)} ${chosen[i].toFixed(2)} vs ${JSON.stringify(p.rejected)} ${rejected[i].toFixed(2)}`, verdict: chosen[i] > rejected[i] ? "agrees" : "disagrees" })) };
}

/** Pearson's r of two equal-length samples (0 when either is constant). */
function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/**
 * The reward-model stage: `model` (backbone and head) trained in place on the train pairs.
 *
 * @example runStage(rewardStage(config, world, rm, tokenizer, pairs), { stage: "rm", event, checkpoint })
 */
export function rewardStage(config: RmConfig, world: World, model: RewardModel, tokenizer: LabTokenizer, pairs: readonly PairRecord[]): Stage {
  const train = pairs.filter((p) => p.use === "train");
  const heldout = pairs.filter((p) => p.use === "heldout");
  const blockSize = model.backbone.config.blockSize;
  return {
    settings: config,
    parameters: rewardModelParameters(model),
    step(rng) {
      const picked = Array.from({ length: config.batchSize }, () => train[rng.nextInt(train.length)]);
      const r = rewards(model, pairBatch(tokenizer, picked, blockSize)); // [2N]: chosen, then rejected
      const n = picked.length;
      const { loss, accuracy, gradChosen, gradRejected } = bradleyTerryLoss(r.data.subarray(0, n), r.data.subarray(n));
      backward(r, [...gradChosen, ...gradRejected]);
      return { loss, accuracy };
    },
    evaluate: (_rng, step) => rewardModelEvaluation(model, tokenizer, heldout, world, config.seed + step),
    checkpointConfig: alignCheckpointConfig(model.backbone.config, config),
    tokenizer: tokenizer.spec as never,
  };
}
