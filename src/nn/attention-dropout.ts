/**
 * Causal self-attention with dropout on the attention weights, written out step by step
 * from tensor ops (nanoGPT's "slow attention" path, model.py CausalSelfAttention.forward):
 *
 *   att = q·kᵀ / √D              [BH, T, T]
 *   att = att + mask             −∞ above the diagonal (u > t), so softmax gives it 0
 *   att = dropout(softmax(att))  each weight dropped with probability p, survivors / (1 − p)
 *   y   = att·v                  [BH, T, D]
 *
 * The fused causalAttention has no dropout, so the GPT uses this path only when training
 * with dropout > 0; every op here has its own backward, so no new gradient code is needed.
 */
import type { Rng } from "../stats/prng.js";
import { dropout } from "../tensor/activation.js";
import { allocate } from "../tensor/arena.js";
import { add, scale } from "../tensor/elementwise.js";
import { matmul } from "../tensor/matmul.js";
import { reshape, transpose } from "../tensor/shape.js";
import { softmax } from "../tensor/softmax.js";
import { tensor, type Tensor } from "../tensor/tensor.js";

/**
 * q, k, v [B, H, T, D] → [B, H, T, D]; equals causalAttention(q, k, v) when p = 0.
 *
 * @example causalAttentionWithDropout(q, k, v, 0.1, rng) // training step of a GPT with dropout 0.1
 */
export function causalAttentionWithDropout(q: Tensor, k: Tensor, v: Tensor, p: number, rng: Rng): Tensor {
  const [B, H, T, D] = q.shape;
  const flat = (x: Tensor) => reshape(x, [B * H, T, D]); // batched matmul takes 3-D tensors
  const mask = allocate(T * T);
  for (let t = 0; t < T; t++) for (let u = t + 1; u < T; u++) mask[t * T + u] = -Infinity;
  const scores = scale(matmul(flat(q), transpose(flat(k), 1, 2)), 1 / Math.sqrt(D)); // [BH, T, T]
  const weights = dropout(softmax(add(scores, tensor(mask, [T, T]))), p, rng, true); // [BH, T, T]
  return reshape(matmul(weights, flat(v)), [B, H, T, D]);
}
