/**
 * GRPO's group-normalized advantages (Shao et al. 2024, "DeepSeekMath", §4.1.2 outcome
 * supervision): each prompt gets n sampled completions with scalar rewards, and each
 * completion's advantage is its reward standardized within its own group,
 *   A_{g,i} = (r_{g,i} − mean_g) / (std_g + eps)
 * with std_g the sample standard deviation (n − 1 in the denominator) and eps = 1e-4 by
 * default, as TRL's GRPOTrainer (scale_rewards="group") computes them. A group whose rewards
 * are all equal gets A = 0: it carries no learning signal.
 */

/**
 * Advantages [G·n] for rewards [G·n] laid out group by group (row-major [G, n]), n ≥ 2.
 *
 * @example grpoAdvantages([1, 0, 0, 0], 4) // [1.5, −0.5, −0.5, −0.5] / (0.5 + 1e-4)
 */
export function grpoAdvantages(rewards: ArrayLike<number>, groupSize: number, eps = 1e-4): Float64Array {
  if (!(Number.isInteger(groupSize) && groupSize >= 2) || rewards.length % groupSize !== 0) {
    throw new Error(`grpoAdvantages: needs groups of n >= 2 rewards, got n = ${groupSize} for ${rewards.length} rewards`);
  }
  const out = new Float64Array(rewards.length);
  for (let start = 0; start < rewards.length; start += groupSize) {
    let sum = 0;
    for (let i = start; i < start + groupSize; i++) sum += rewards[i];
    const mean = sum / groupSize;
    let squares = 0;
    for (let i = start; i < start + groupSize; i++) squares += (rewards[i] - mean) ** 2;
    const std = Math.sqrt(squares / (groupSize - 1)); // sample std, as torch.std
    for (let i = start; i < start + groupSize; i++) out[i] = (rewards[i] - mean) / (std + eps);
  }
  return out;
}
