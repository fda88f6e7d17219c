/**
 * A policy's evaluation on held-out prompts, everything measured on the same sampled answers:
 *   gold metrics        the world's grader (gold-evaluation.ts)
 *   kl/sequence         KL(π‖π_ref) per answer, estimated by the mean of log π(y) − log π_ref(y)
 *                       over answers y ~ π, both models read at the sampling temperature (unbiased)
 *   winrate/labeller    P(the labeller prefers this policy's answer to the baseline's), averaged
 *                       over paired answers to the same prompt: the labeller's exact preference
 *                       probability, so no extra label noise is drawn
 *   reward/proxy        the reward model's mean score of the answers (what RL optimizes)
 */
import type { Gpt } from "../nn/gpt.js";
import { bootstrapMean } from "../stats/bootstrap.js";
import type { Rng } from "../stats/prng.js";
import type { LabTokenizer } from "../train/lab-tokenizer.js";
import type { SamplingSettings } from "./align-config.js";
import { frozenAnswerLogProbs } from "./answer-log-probs.js";
import { packCompletions, scoreInBatches } from "./completions.js";
import { goldEvaluation } from "./gold-evaluation.js";
import { preferenceProbability, type LabellerOptions } from "./labeller.js";
import { answerPrompts, type GradedAnswer } from "./policy-answers.js";
import { rewardScores, type RewardModel } from "./reward-model.js";
import type { StageEvaluation } from "./stage-loop.js";
import type { WorldPrompt } from "./world.js";

export interface PolicyEvaluationContext {
  tokenizer: LabTokenizer;
  prompts: readonly WorldPrompt[];
  /** Answers per prompt. */
  samples: number;
  sampling: SamplingSettings;
  /** The frozen reference for the KL. */
  reference?: Gpt;
  /** The baseline's answers to the same prompts (samples per prompt, same order) and the judge for the win rate. */
  baseline?: { answers: readonly GradedAnswer[]; labeller: LabellerOptions };
  rewardModel?: RewardModel;
}

/**
 * Samples `samples` answers per prompt from the policy and measures them.
 *
 * @example evaluatePolicy(policy, { tokenizer, prompts: evalPrompts, samples: 2, sampling, reference: sft }, rng, 7).metrics["kl/sequence"]
 */
export function evaluatePolicy(policy: Gpt, context: PolicyEvaluationContext, rng: Rng, seed: number): StageEvaluation {
  const answers = answerPrompts(policy, context.tokenizer, context.prompts, context.samples, context.sampling, rng);
  const evaluation = goldEvaluation(answers, seed);
  const add = (name: string, values: ArrayLike<number>) => {
    const result = bootstrapMean(values, { method: "percentile", nResamples: 1000, seed });
    evaluation.metrics[name] = result.estimate;
    evaluation.intervals[name] = [result.low, result.high];
  };
  const completions = answers.map((a) => ({ prompt: a.prompt.prompt, answer: a.text }));
  if (context.reference) {
    const { temperature } = context.sampling; // both at the temperature the answers were drawn at
    const policyLogProbs = scoreInBatches(completions, (batch) => frozenAnswerLogProbs(policy, packCompletions(context.tokenizer, batch, policy.config.blockSize), temperature));
    const referenceLogProbs = scoreInBatches(completions, (batch) => frozenAnswerLogProbs(context.reference!, packCompletions(context.tokenizer, batch, policy.config.blockSize), temperature));
    add("kl/sequence", policyLogProbs.map((lp, i) => lp - referenceLogProbs[i]));
  }
  if (context.baseline) {
    const { answers: baseline, labeller } = context.baseline;
    if (baseline.length !== answers.length) throw new Error(`the win-rate baseline has ${baseline.length} answers for ${answers.length} policy answers`);
    add("winrate/labeller", answers.map((a, i) => preferenceProbability(labeller, a.grade, baseline[i].grade)));
  }
  if (context.rewardModel) {
    add("reward/proxy", rewardScores(context.rewardModel, context.tokenizer, completions));
  }
  return evaluation;
}
