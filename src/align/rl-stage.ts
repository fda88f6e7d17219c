/**
 * Online RL of the SFT policy against the reward model, with a KL penalty to the frozen SFT
 * model. Each batch of rollouts: `batchSize / groupSize` prompts from the world's RL split,
 * `groupSize` answers sampled from the current policy for each, scored by the reward model
 * (the proxy: all the optimizer sees) and by the gold grader (logged, never optimized).
 *
 * Advantages, per group of answers to one prompt:
 *   grpo  A_i = (r_i − mean r) / (std r + 1e-4)           (Shao et al. 2024), KL as a loss term
 *   rloo  A_i = r'_i − mean_{j≠i} r'_j, r' = r − β·KL_seq  (Ahmadian et al. 2024), KL in the reward
 * Loss, per answer o of N, averaged over its tokens (GRPO's 1/|o|), with ρ_t = π(o_t)/π_old(o_t):
 *   L = −(1/N) Σ_o (1/|o|) Σ_t [ min(ρ_t A, clip(ρ_t, 1 − ε, 1 + ε) A) − β·k3_t ]     (k3 term: grpo only)
 *   k3_t = π_ref/π − log(π_ref/π) − 1    (Schulman 2020; unbiased, ≥ 0)
 * so dL/d log π(o_t) = −(1/(N|o|)) [ ρ_t A·[unclipped branch is the min] − β(1 − π_ref/π) ].
 * Every log-prob is read at the sampling temperature τ (logits / τ), so π is what sampled.
 * Each batch is used for `updatesPerBatch` optimizer steps; from the second on the policy has
 * moved, ρ ≠ 1 and the clip acts (clip_fraction counts the tokens it cut).
 */
import type { Gpt } from "../nn/gpt.js";
import { grpoAdvantages } from "../nn/grpo-advantages.js";
import { rlooAdvantages } from "../nn/rloo-advantages.js";
import type { Rng } from "../stats/prng.js";
import { backward, noGrad } from "../tensor/tensor.js";
import type { Json } from "../train/checkpoint-state.js";
import type { LabTokenizer } from "../train/lab-tokenizer.js";
import type { RlConfig } from "./align-config.js";
import { answerLogProbs } from "./answer-log-probs.js";
import { packCompletions, type Completion, type CompletionBatch } from "./completions.js";
import { answerPrompts } from "./policy-answers.js";
import { rewards, type RewardModel } from "./reward-model.js";
import { alignCheckpointConfig } from "./stage-models.js";
import type { Stage, StageEvaluation } from "./stage-loop.js";
import type { WorldPrompt } from "./world.js";
import { IGNORE_INDEX } from "../nn/gpt.js";

/** One batch of rollouts and everything the updates on it need, as plain data (saved in checkpoints). */
interface Rollout {
  completions: Completion[];
  /** [B·T] token log-probs under the policy that sampled them, and under the reference. */
  oldLogProbs: number[];
  referenceLogProbs: number[];
  /** [B] one advantage per answer. */
  advantages: number[];
  /** What the rollout measured (proxy and gold reward, KL, entropy, length). */
  metrics: Record<string, number>;
}

/**
 * The RL stage: `policy` trained in place against `rewardModel`, KL to `reference`.
 *
 * @example runStage(rlStage(config, prompts, policy, reference, rm, tokenizer, evaluate), { stage: "rl", event, checkpoint })
 */
export function rlStage(config: RlConfig, prompts: readonly WorldPrompt[], policy: Gpt, reference: Gpt, rewardModel: RewardModel, tokenizer: LabTokenizer, evaluate: (rng: Rng, step: number) => StageEvaluation): Stage {
  const blockSize = policy.config.blockSize;
  const promptsPerBatch = config.batchSize / config.groupSize;
  let rollout: Rollout | null = null;
  // π is the distribution the answers are sampled from: the model's logits divided by τ.
  const { temperature } = config.sampling;

  const collect = (rng: Rng): Rollout => {
    const picked = Array.from({ length: promptsPerBatch }, () => prompts[rng.nextInt(prompts.length)]);
    const answers = answerPrompts(policy, tokenizer, picked, config.groupSize, config.sampling, rng);
    const completions = answers.map((a) => ({ prompt: a.prompt.prompt, answer: a.text }));
    const batch = packCompletions(tokenizer, completions, blockSize);
    const { old, ref, proxy, entropy } = noGrad(() => {
      const scored = answerLogProbs(policy, batch, { temperature });
      return { old: scored.tokens.data, ref: answerLogProbs(reference, batch, { temperature }).tokens.data, proxy: rewards(rewardModel, batch).data, entropy: answerEntropy(scored.logits.data, batch, policy.config.vocabSize) };
    });
    const k1 = perAnswer(batch, (i) => old[i] - ref[i]);
    const k3 = perAnswer(batch, (i) => Math.expm1(ref[i] - old[i]) - (ref[i] - old[i]));
    const advantages =
      config.algorithm === "grpo" ? grpoAdvantages(proxy, config.groupSize) : rlooAdvantages(Float64Array.from(proxy, (r, b) => r - config.klCoef * k1[b]), config.groupSize);
    const mean = (values: ArrayLike<number>) => Array.from(values).reduce((s, v) => s + v, 0) / values.length;
    return {
      completions,
      oldLogProbs: Array.from(old),
      referenceLogProbs: Array.from(ref),
      advantages: Array.from(advantages),
      metrics: {
        "reward/proxy": mean(proxy),
        "gold/accuracy": mean(answers.map((a) => +(a.grade.verdict === "correct"))),
        "gold/score": mean(answers.map((a) => a.grade.score)),
        "gold/abstention": mean(answers.map((a) => +(a.grade.verdict === "abstained"))),
        "answer/length": mean(answers.map((a) => a.grade.length)),
        "kl/k1": mean(k1),
        "kl/k3": mean(k3),
        entropy,
      },
    };
  };

  return {
    settings: config,
    parameters: policy.parameters,
    step(rng, step) {
      if ((step - 1) % config.updatesPerBatch === 0 || rollout === null) rollout = collect(rng);
      const { completions, oldLogProbs, referenceLogProbs, advantages } = rollout;
      const batch = packCompletions(tokenizer, completions, blockSize);
      const { tokens } = answerLogProbs(policy, batch, { training: true, rng, temperature });
      const { B, T } = batch;
      const seed = new Float64Array(B * T);
      let loss = 0;
      let clipped = 0;
      let scored = 0;
      for (let b = 0; b < B; b++) {
        const weight = 1 / (B * batch.answerTokens[b]); // (1/N)(1/|o|)
        const A = advantages[b];
        for (let t = 0; t < T; t++) {
          const i = b * T + t;
          if (batch.targets[i] === IGNORE_INDEX) continue;
          const ratio = Math.exp(tokens.data[i] - oldLogProbs[i]);
          const bounded = Math.min(Math.max(ratio, 1 - config.clipRange), 1 + config.clipRange);
          const unclippedIsMin = ratio * A <= bounded * A;
          const surrogate = unclippedIsMin ? ratio * A : bounded * A;
          const refRatio = Math.exp(referenceLogProbs[i] - tokens.data[i]); // π_ref/π
          const kl = config.algorithm === "grpo" ? config.klCoef * (refRatio - Math.log(refRatio) - 1) : 0;
          loss -= weight * (surrogate - kl);
          const dSurrogate = unclippedIsMin ? ratio * A : 0;
          const dKl = config.algorithm === "grpo" ? config.klCoef * (1 - refRatio) : 0;
          seed[i] = -weight * (dSurrogate - dKl);
          if (!unclippedIsMin) clipped++;
          scored++;
        }
      }
      backward(tokens, seed);
      return { loss, ...rollout.metrics, clip_fraction: clipped / scored };
    },
    evaluate,
    checkpointConfig: alignCheckpointConfig(policy.config, config),
    tokenizer: tokenizer.spec as never,
    saveState: () => rollout as unknown as Json,
    restoreState: (state) => {
      rollout = state as unknown as Rollout;
    },
  };
}

/** Σ over each answer's tokens of f(position): [B]. */
function perAnswer(batch: CompletionBatch, f: (i: number) => number): Float64Array {
  const out = new Float64Array(batch.B);
  for (let b = 0; b < batch.B; b++) {
    for (let t = 0; t < batch.T; t++) if (batch.targets[b * batch.T + t] !== IGNORE_INDEX) out[b] += f(b * batch.T + t);
  }
  return out;
}

/** Mean entropy −Σ p log p of the next-token distribution over all answer positions, in nats. */
export function answerEntropy(logits: Float32Array, batch: CompletionBatch, V: number): number {
  let total = 0;
  let count = 0;
  for (let i = 0; i < batch.B * batch.T; i++) {
    if (batch.targets[i] === IGNORE_INDEX) continue;
    let max = -Infinity;
    for (let j = 0; j < V; j++) max = Math.max(max, logits[i * V + j]);
    let z = 0;
    let weighted = 0;
    for (let j = 0; j < V; j++) {
      const shifted = logits[i * V + j] - max;
      const e = Math.exp(shifted);
      z += e;
      weighted += e * shifted;
    }
    total += Math.log(z) - weighted / z; // H = log Z − E_p[shifted logit]
    count++;
  }
  return count === 0 ? 0 : total / count;
}
