/**
 * Fused causal scaled-dot-product attention with a hand-written backward (as llm.c's
 * attention_forward / attention_backward), so no autograd graph is built inside. The
 * arithmetic is the kernel interface's attentionForward / attentionBackward (see
 * attention-kernel.ts for the formulas and the readable reference).
 */
import { kernels } from "./kernels.js";
import { allocate } from "./arena.js";
import { gradOf, needsGrad, opOutput, record, type Tensor } from "./tensor.js";

/**
 * q, k, v [B, H, T, D] → out [B, H, T, D]. Keeps the weights p [B, H, T, T] for backward.
 *
 * @example causalAttention(q, k, v) // nanoGPT's F.scaled_dot_product_attention(q, k, v, is_causal=True)
 */
export function causalAttention(q: Tensor, k: Tensor, v: Tensor): Tensor {
  const same = (a: Tensor) => a.shape.length === 4 && a.shape.every((s, i) => s === q.shape[i]);
  if (q.shape.length !== 4 || !same(k) || !same(v)) {
    throw new Error(`causalAttention expects q, k, v of the same shape [B, H, T, D], got [${q.shape}], [${k.shape}], [${v.shape}]`);
  }
  const [batch, heads, steps, dim] = q.shape;
  const out = opOutput(q.shape);
  const weights = allocate(batch * heads * steps * steps); // p; row t is zero past column t
  kernels().attentionForward(out.data, weights, q.data, k.data, v.data, steps, dim);
  if (needsGrad(q, k, v)) {
    record(out, (dOut) => {
      const grad = (t: Tensor) => (t.requiresGrad ? gradOf(t) : null);
      kernels().attentionBackward(grad(q), grad(k), grad(v), dOut, weights, q.data, k.data, v.data, steps, dim);
    });
  }
  return out;
}
