/**
 * PPO's two numeric pieces, in float64.
 *
 * Generalized advantage estimation (Schulman et al. 2016, "High-Dimensional Continuous
 * Control Using Generalized Advantage Estimation", eq. 16) over one rollout of T steps, with
 * values [T + 1] (the last is the bootstrap value of the state after step T − 1) and
 * done_t = 1 when the episode ended at step t (no value after it, no advantage carried over):
 *   δ_t = r_t + γ V_{t+1} (1 − done_t) − V_t
 *   A_t = δ_t + γλ (1 − done_t) A_{t+1},   A_T = 0
 *   returns_t = A_t + V_t                  (the value targets)
 * λ = 0 gives the one-step TD error, λ = 1 the discounted return minus V_t.
 *
 * The clipped surrogate objective (Schulman et al. 2017, "Proximal Policy Optimization
 * Algorithms", eq. 7), to be maximized, with ρ_i = exp(logp_new,i − logp_old,i):
 *   L = (1/N) Σ_i min(ρ_i A_i, clip(ρ_i, 1 − ε, 1 + ε) A_i)
 */

/**
 * GAE advantages and returns, [T] each, for rewards [T], values [T + 1], dones [T] (0 or 1).
 *
 * @example gae([1], [0.5, 2], [0], 0.9, 0.95).advantages // [1 + 0.9·2 − 0.5] = [2.3]
 */
export function gae(
  rewards: ArrayLike<number>,
  values: ArrayLike<number>,
  dones: ArrayLike<number>,
  gamma: number,
  lambda: number,
): { advantages: Float64Array; returns: Float64Array } {
  const T = rewards.length;
  if (values.length !== T + 1 || dones.length !== T) throw new Error(`gae: needs values [T + 1] and dones [T] for rewards [${T}], got [${values.length}] and [${dones.length}]`);
  const advantages = new Float64Array(T);
  const returns = new Float64Array(T);
  let next = 0; // A_{t+1}
  for (let t = T - 1; t >= 0; t--) {
    const alive = 1 - dones[t];
    const delta = rewards[t] + gamma * values[t + 1] * alive - values[t];
    next = delta + gamma * lambda * alive * next;
    advantages[t] = next;
    returns[t] = next + values[t];
  }
  return { advantages, returns };
}

/**
 * The PPO clipped surrogate objective (to maximize) over N samples.
 *
 * @example ppoClipObjective([Math.log(2)], [0], [1], 0.2) // min(2·1, 1.2·1) = 1.2
 */
export function ppoClipObjective(logpNew: ArrayLike<number>, logpOld: ArrayLike<number>, advantages: ArrayLike<number>, epsilon: number): number {
  const n = logpNew.length;
  if (logpOld.length !== n || advantages.length !== n || n === 0) throw new Error(`ppoClipObjective: needs three non-empty arrays of one length, got ${n}, ${logpOld.length}, ${advantages.length}`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const ratio = Math.exp(logpNew[i] - logpOld[i]);
    const clipped = Math.min(Math.max(ratio, 1 - epsilon), 1 + epsilon);
    total += Math.min(ratio * advantages[i], clipped * advantages[i]);
  }
  return total / n;
}
