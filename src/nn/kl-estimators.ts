/**
 * Estimating KL(q‖p) = E_{x~q}[log q(x) − log p(x)] from samples x ~ q, as in Schulman
 * (2020), "Approximating KL Divergence". With the log-ratio r = log p(x) − log q(x):
 *   k1 = −r                 unbiased, high variance, negative on some samples
 *   k2 = r² / 2             biased (low bias when p ≈ q), always ≥ 0
 *   k3 = (e^r − 1) − r      unbiased (E_q[e^r] = 1), always ≥ 0, low variance
 * k3 is the per-token KL penalty of GRPO (Shao et al. 2024) with q the policy and p the
 * reference model. And the exact KL of two discrete distributions,
 *   KL(q‖p) = Σ_i q_i (log q_i − log p_i),  with 0·log(0/p) = 0 and q_i > 0 = p_i giving +∞.
 */

/**
 * The three per-sample estimators, [N] each, from the log-probs of N samples x ~ q under q
 * and under p.
 *
 * @example klEstimators([0], [Math.log(2)]).k3 // [(2 − 1) − log 2] ≈ [0.3069]
 */
export function klEstimators(logq: ArrayLike<number>, logp: ArrayLike<number>): { k1: Float64Array; k2: Float64Array; k3: Float64Array } {
  const n = logq.length;
  if (logp.length !== n) throw new Error(`klEstimators: ${n} log q values but ${logp.length} log p values`);
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = logp[i] - logq[i];
    k1[i] = -r;
    k2[i] = (r * r) / 2;
    k3[i] = Math.expm1(r) - r; // expm1 keeps k3 ≈ r²/2 accurate for tiny r
  }
  return { k1, k2, k3 };
}

/**
 * KL(q‖p) in nats for two distributions over the same V outcomes.
 *
 * @example discreteKl([0.5, 0.5], [0.25, 0.75]) // 0.5·log 2 + 0.5·log(2/3) ≈ 0.1438
 */
export function discreteKl(q: ArrayLike<number>, p: ArrayLike<number>): number {
  if (q.length !== p.length) throw new Error(`discreteKl: q has ${q.length} outcomes, p has ${p.length}`);
  let kl = 0;
  for (let i = 0; i < q.length; i++) {
    if (q[i] === 0) continue; // 0·log(0/p) = 0, whatever p
    kl += q[i] * (Math.log(q[i]) - Math.log(p[i])); // +∞ when p_i = 0
  }
  return kl;
}
