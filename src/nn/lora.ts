/**
 * LoRA (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models", §4.1): a frozen
 * weight W plus a trainable update of rank r, scaled by α/r so that the same α works across
 * ranks. Row-vector convention, as in `matmul` (x multiplies from the left):
 *   x [n, in], W [in, out], A [in, r] (down-projection), B [r, out] (up-projection, zero at init)
 *   forward   y  = x·W + (α/r)·(x·A)·B        [n, out]; x·A first keeps the cost O(n·r·(in + out))
 *   merge     W' = W + (α/r)·A·B              [in, out]: serving then costs one plain matmul
 *   unmerge   W  = W' − (α/r)·A·B             to swap adapters on a merged weight
 * The paper writes h = W₀x + BAx with column vectors, A [r, in], B [out, r]: its A is our Aᵀ.
 * Built from engine ops, so gradients reach A and B (and W, unless it is frozen).
 */
import { add, scale, sub } from "../tensor/elementwise.js";
import { matmul } from "../tensor/matmul.js";
import type { Tensor } from "../tensor/tensor.js";

/** α/r, with the rank r read from A [in, r] (B must be [r, out]). */
function loraScale(a: Tensor, b: Tensor, alpha: number): number {
  if (a.shape.length !== 2 || b.shape.length !== 2 || a.shape[1] !== b.shape[0] || a.shape[1] < 1) {
    throw new Error(`LoRA expects A [in, r] and B [r, out], got [${a.shape.join(", ")}] and [${b.shape.join(", ")}]`);
  }
  return alpha / a.shape[1];
}

/** The low-rank update (α/r)·A·B [in, out]. */
function loraDelta(a: Tensor, b: Tensor, alpha: number): Tensor {
  const s = loraScale(a, b, alpha);
  return scale(matmul(a, b), s);
}

/**
 * y = x·W + (α/r)·(x·A)·B for x [..., in], W [in, out], A [in, r], B [r, out] → [..., out].
 *
 * @example loraForward(x, w, a, b, 16) // r = 8: the update is scaled by 2
 */
export function loraForward(x: Tensor, weight: Tensor, a: Tensor, b: Tensor, alpha: number): Tensor {
  const s = loraScale(a, b, alpha);
  return add(matmul(x, weight), scale(matmul(matmul(x, a), b), s));
}

/** W' = W + (α/r)·A·B [in, out]: the adapter folded into the weight. */
export function loraMerge(weight: Tensor, a: Tensor, b: Tensor, alpha: number): Tensor {
  return add(weight, loraDelta(a, b, alpha));
}

/** W = W' − (α/r)·A·B [in, out]: the base weight back from a merged one. */
export function loraUnmerge(merged: Tensor, a: Tensor, b: Tensor, alpha: number): Tensor {
  return sub(merged, loraDelta(a, b, alpha));
}
