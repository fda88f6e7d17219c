/**
 * The readable reference of the attention kernels (the WebAssembly backend runs
 * assembly/attention.ts instead), over `heads` = B·H independent slices of q, k, v
 * [heads, T, D]. For each slice and query position t (Vaswani et al. 2017, eq. 1, causal):
 *   s[t, u] = q_t·k_u / √D  for u ≤ t            scores
 *   p[t, :] = softmax(s[t, 0..t])                 attention weights (p[t, u] = 0 for u > t)
 *   o_t     = Σ_u p[t, u]·v_u                     output
 * Backward, given do_t:
 *   dp[t, u] = do_t·v_u,   dv_u += p[t, u]·do_t
 *   ds[t, u] = p[t, u]·(dp[t, u] − Σ_u' p[t, u']·dp[t, u'])      (softmax backward)
 *   dq_t += Σ_u ds[t, u]·k_u / √D,   dk_u += ds[t, u]·q_t / √D
 * Each slice is matmuls on `matmul` (S = Q·Kᵀ, O = P·V and the four of backward) around a
 * masked row softmax: the full T×T product does twice the causal FLOPs but runs in the
 * register-blocked kernel, several times faster than per-position dot products.
 */
import type { Kernels } from "./kernels.js";

type Matmul = Kernels["matmul"];

// [T, T] scratch for dp in backward, grown on demand and reused.
let dpScratch = new Float32Array(0);

/** out [heads, T, D] and the weights p [heads, T, T] (kept for backward) from q, k, v [heads, T, D]. */
export function attentionForward(matmul: Matmul, out: Float32Array, weights: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array, T: number, D: number): void {
  const scale = 1 / Math.sqrt(D);
  const heads = q.length / (T * D);
  for (let bh = 0; bh < heads; bh++) {
    const p = square(weights, bh, T);
    matmul(p, slice(q, bh, T, D), slice(k, bh, T, D), T, D, T, { transB: true }); // Q·Kᵀ [T, T]
    for (let t = 0; t < T; t++) causalSoftmaxRow(p, t * T, t, T, scale);
    matmul(slice(out, bh, T, D), p, slice(v, bh, T, D), T, T, D); // P·V [T, D]
  }
}

/** Adds the gradients into dq, dk, dv (a null one is skipped) from dOut [heads, T, D] and the kept weights. */
export function attentionBackward(
  matmul: Matmul,
  dq: Float32Array | null,
  dk: Float32Array | null,
  dv: Float32Array | null,
  dOut: Float32Array,
  weights: Float32Array,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  T: number,
  D: number,
): void {
  const scale = 1 / Math.sqrt(D);
  const heads = q.length / (T * D);
  if (dpScratch.length < T * T) dpScratch = new Float32Array(T * T);
  const dp = dpScratch.subarray(0, T * T);
  for (let bh = 0; bh < heads; bh++) {
    const p = square(weights, bh, T);
    const dO = slice(dOut, bh, T, D);
    // dV += Pᵀ·dO;  dP = dO·Vᵀ
    if (dv) matmul(slice(dv, bh, T, D), p, dO, T, T, D, { transA: true, accumulate: true });
    matmul(dp, dO, slice(v, bh, T, D), T, D, T, { transB: true });
    // dS = P ⊙ (dP − rowsum(P ⊙ dP)) / √D, in place in dp (zero past the diagonal, as P)
    for (let t = 0; t < T; t++) {
      const row = t * T;
      let weighted = 0;
      for (let u = 0; u <= t; u++) weighted += p[row + u] * dp[row + u];
      for (let u = 0; u < T; u++) dp[row + u] = u <= t ? p[row + u] * (dp[row + u] - weighted) * scale : 0;
    }
    // dQ += dS·K;  dK += dSᵀ·Q
    if (dq) matmul(slice(dq, bh, T, D), dp, slice(k, bh, T, D), T, T, D, { accumulate: true });
    if (dk) matmul(slice(dk, bh, T, D), dp, slice(q, bh, T, D), T, T, D, { transA: true, accumulate: true });
  }
}

/** The (b, h) slice [T, D] of a [heads, T, D] array. */
const slice = (data: Float32Array, bh: number, T: number, D: number) => data.subarray(bh * T * D, (bh + 1) * T * D);
/** The (b, h) slice [T, T] of the weights. */
const square = (data: Float32Array, bh: number, T: number) => data.subarray(bh * T * T, (bh + 1) * T * T);

/**
 * In place on row t of the [T, T] scores (starting at `offset` = t·T):
 * p[u] = softmax(scale·s[0..t])[u] for u ≤ t and 0 for u > t (the causal mask). The row
 * max is subtracted before exp for stability; the sum is in float64.
 */
function causalSoftmaxRow(scores: Float32Array, offset: number, t: number, T: number, scale: number): void {
  let maxScore = -Infinity;
  for (let u = 0; u <= t; u++) maxScore = Math.max(maxScore, scores[offset + u] * scale);
  let total = 0;
  for (let u = 0; u <= t; u++) {
    const e = Math.exp(scores[offset + u] * scale - maxScore);
    scores[offset + u] = e;
    total += e;
  }
  for (let u = 0; u <= t; u++) scores[offset + u] /= total;
  scores.fill(0, offset + t + 1, offset + T);
}
