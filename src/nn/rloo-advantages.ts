/**
 * RLOO's leave-one-out advantages (Ahmadian et al. 2024, "Back to Basics: Revisiting REINFORCE
 * Style Optimization for Learning from Human Feedback in LLMs"; Kool et al. 2019, "Buy 4
 * REINFORCE Samples, Get a Baseline for Free!"): each prompt gets k sampled completions with
 * scalar rewards, and each completion's baseline is the mean reward of the other k − 1,
 *   A_{g,i} = r_{g,i} − (1/(k−1)) Σ_{j≠i} r_{g,j} = r_{g,i} − (S_g − r_{g,i})/(k − 1),
 * with S_g the group's sum, as TRL's RLOOTrainer computes them (trl/trainer/rloo_trainer.py,
 * `RLOOTrainer._generate_and_score_completions`, normalize_advantages off). Equivalently
 * A = k/(k−1) · (r − mean_g): unlike GRPO there is no division by the group's spread. A group
 * whose rewards are all equal gets A = 0.
 */

/**
 * Advantages [G·k] for rewards [G·k] laid out group by group (row-major [G, k]), k ≥ 2.
 *
 * @example rlooAdvantages([1, 0, 0, 0], 4) // [1 − 0, 0 − 1/3, 0 − 1/3, 0 − 1/3] = [1, −1/3, −1/3, −1/3]
 */
export function rlooAdvantages(rewards: ArrayLike<number>, groupSize: number): Float64Array {
  if (!(Number.isInteger(groupSize) && groupSize >= 2) || rewards.length % groupSize !== 0) {
    throw new Error(`rlooAdvantages: needs groups of k >= 2 rewards, got k = ${groupSize} for ${rewards.length} rewards`);
  }
  const out = new Float64Array(rewards.length);
  for (let start = 0; start < rewards.length; start += groupSize) {
    let sum = 0;
    for (let i = start; i < start + groupSize; i++) sum += rewards[i];
    for (let i = start; i < start + groupSize; i++) out[i] = rewards[i] - (sum - rewards[i]) / (groupSize - 1);
  }
  return out;
}
