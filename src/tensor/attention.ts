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
import { gradOf, needsGrad, record, type Tensor, zeros } from "./tensor.js";

/**
 * q, k, v [B, H, T, D] → out [B, H, T, D]. Keeps the weights p [B, H, T, T] for backward.
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
  const out = zeros(q.shape);
  const weights = new Float32Array(batch * heads * steps * steps); // p, row t uses columns 0..t
  const scores = new Float64Array(steps);
  for (let bh = 0; bh < batch * heads; bh++) {
    const base = bh * steps * dim; // start of this (b, h) slice in q, k, v, out
    for (let t = 0; t < steps; t++) {
      const qt = base + t * dim;
      let maxScore = -Infinity;
      for (let u = 0; u <= t; u++) {
        const ku = base + u * dim;
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += q.data[qt + d] * k.data[ku + d];
        scores[u] = dot * scale;
        if (scores[u] > maxScore) maxScore = scores[u];
      }
      let total = 0;
      for (let u = 0; u <= t; u++) {
        scores[u] = Math.exp(scores[u] - maxScore);
        total += scores[u];
      }
      const pRow = (bh * steps + t) * steps;
      for (let u = 0; u <= t; u++) {
        const p = scores[u] / total;
        weights[pRow + u] = p;
        const vu = base + u * dim;
        for (let d = 0; d < dim; d++) out.data[qt + d] += p * v.data[vu + d];
      }
    }
  }
  if (needsGrad(q, k, v)) {
    record(out, (dOut) => {
      const dq = q.requiresGrad ? gradOf(q) : null;
      const dk = k.requiresGrad ? gradOf(k) : null;
      const dv = v.requiresGrad ? gradOf(v) : null;
      const dp = new Float64Array(steps);
      for (let bh = 0; bh < batch * heads; bh++) {
        const base = bh * steps * dim;
        for (let t = 0; t < steps; t++) {
          const qt = base + t * dim;
          const pRow = (bh * steps + t) * steps;
          // dp[u] = do_t·v_u and dv_u += p[t, u]·do_t; then Σ p·dp for the softmax backward.
          let weighted = 0;
          for (let u = 0; u <= t; u++) {
            const vu = base + u * dim;
            const p = weights[pRow + u];
            let dot = 0;
            for (let d = 0; d < dim; d++) {
              dot += dOut[qt + d] * v.data[vu + d];
              if (dv) dv[vu + d] += p * dOut[qt + d];
            }
            dp[u] = dot;
            weighted += p * dot;
          }
          for (let u = 0; u <= t; u++) {
            const ds = weights[pRow + u] * (dp[u] - weighted) * scale;
            const ku = base + u * dim;
            for (let d = 0; d < dim; d++) {
              if (dq) dq[qt + d] += ds * k.data[ku + d];
              if (dk) dk[ku + d] += ds * q.data[qt + d];
            }
          }
        }
      }
    });
  }
  return out;
}
