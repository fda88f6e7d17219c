/**
 * Fused causal scaled-dot-product attention with a hand-written backward (as llm.c's
 * attention_forward / attention_backward), so no autograd graph is built inside.
 *
 * For each batch b, head h and query position t (Vaswani et al. 2017, eq. 1, causal):
 *   s[t, u] = q_t·k_u / √D  for u ≤ t            scores
 *   p[t, :] = softmax(s[t, 0..t])                 attention weights (p[t, u] = 0 for u > t)
 *   o_t     = Σ_u p[t, u]·v_u                     output
 * Backward, given do_t:
 *   dp[t, u] = do_t·v_u,   dv_u += p[t, u]·do_t
 *   ds[t, u] = p[t, u]·(dp[t, u] − Σ_u' p[t, u']·dp[t, u'])      (softmax backward)
 *   dq_t += Σ_u ds[t, u]·k_u / √D,   dk_u += ds[t, u]·q_t / √D
 */
import { InputError } from "../errors.js";
import { kernels } from "./kernels.js";
import { allocate } from "./arena.js";
import { gradOf, needsGrad, opOutput, record, type Tensor } from "./tensor.js";

// [T, T] scratch for dp in backward, grown on demand and reused.
let dpScratch = new Float32Array(0);

/**
 * q, k, v [B, H, T, D] → out [B, H, T, D]. Keeps the weights p [B, H, T, T] for backward.
 * Each (b, h) slice is two matmuls on the kernel interface (S = Q·Kᵀ, O = P·V) around a
 * masked row softmax: the full T×T product does twice the causal FLOPs but runs in the
 * register-blocked kernel, several times faster than per-position dot products.
 *
 * @example causalAttention(q, k, v) // nanoGPT's F.scaled_dot_product_attention(q, k, v, is_causal=True)
 */
export function causalAttention(q: Tensor, k: Tensor, v: Tensor): Tensor {
  const same = (a: Tensor) => a.shape.length === 4 && a.shape.every((s, i) => s === q.shape[i]);
  if (q.shape.length !== 4 || !same(k) || !same(v)) {
    throw new InputError(`causalAttention expects q, k, v of the same shape [B, H, T, D], got [${q.shape}], [${k.shape}], [${v.shape}]`);
  }
  const [batch, heads, steps, dim] = q.shape;
  const scale = 1 / Math.sqrt(dim);
  const out = opOutput(q.shape);
  const weights = allocate(batch * heads * steps * steps); // p; row t is zero past column t
  // The (b, h) slice of a [B, H, T, D] tensor and of the [B, H, T, T] weights.
  const slice = (data: Float32Array, bh: number) => data.subarray(bh * steps * dim, (bh + 1) * steps * dim);
  const square = (data: Float32Array, bh: number) => data.subarray(bh * steps * steps, (bh + 1) * steps * steps);
  for (let bh = 0; bh < batch * heads; bh++) {
    const p = square(weights, bh);
    kernels().matmul(p, slice(q.data, bh), slice(k.data, bh), steps, dim, steps, { transB: true }); // Q·Kᵀ [T, T]
    for (let t = 0; t < steps; t++) causalSoftmaxRow(p, t * steps, t, steps, scale);
    kernels().matmul(slice(out.data, bh), p, slice(v.data, bh), steps, steps, dim); // P·V [T, D]
  }
  if (needsGrad(q, k, v)) {
    record(out, (dOut) => {
      if (dpScratch.length < steps * steps) dpScratch = new Float32Array(steps * steps);
      const dp = dpScratch.subarray(0, steps * steps);
      for (let bh = 0; bh < batch * heads; bh++) {
        const p = square(weights, bh);
        const dO = slice(dOut, bh);
        // dV += Pᵀ·dO;  dP = dO·Vᵀ
        if (v.requiresGrad) kernels().matmul(slice(gradOf(v), bh), p, dO, steps, steps, dim, { transA: true, accumulate: true });
        kernels().matmul(dp, dO, slice(v.data, bh), steps, dim, steps, { transB: true });
        // dS = P ⊙ (dP − rowsum(P ⊙ dP)) / √D, in place in dp (zero past the diagonal, as P)
        for (let t = 0; t < steps; t++) {
          const row = t * steps;
          let weighted = 0;
          for (let u = 0; u <= t; u++) weighted += p[row + u] * dp[row + u];
          for (let u = 0; u < steps; u++) dp[row + u] = u <= t ? p[row + u] * (dp[row + u] - weighted) * scale : 0;
        }
        // dQ += dS·K;  dK += dSᵀ·Q
        if (q.requiresGrad) kernels().matmul(slice(gradOf(q), bh), dp, slice(k.data, bh), steps, steps, dim, { accumulate: true });
        if (k.requiresGrad) kernels().matmul(slice(gradOf(k), bh), dp, slice(q.data, bh), steps, steps, dim, { transA: true, accumulate: true });
      }
    });
  }
  return out;
}

/**
 * In place on row t of the [T, T] scores (starting at `offset` = t·T):
 * p[u] = softmax(scale·s[0..t])[u] for u ≤ t and 0 for u > t (the causal mask). The row
 * max is subtracted before exp for stability; the sum is in float64.
 */
function causalSoftmaxRow(scores: Float32Array, offset: number, t: number, steps: number, scale: number): void {
  let maxScore = -Infinity;
  for (let u = 0; u <= t; u++) maxScore = Math.max(maxScore, scores[offset + u] * scale);
  let total = 0;
  for (let u = 0; u <= t; u++) {
    const e = Math.exp(scores[offset + u] * scale - maxScore);
    scores[offset + u] = e;
    total += e;
  }
  for (let u = 0; u <= t; u++) scores[offset + u] /= total;
  scores.fill(0, offset + t + 1, offset + steps);
}
