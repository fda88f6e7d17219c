// Global-norm gradient clipping, as torch.nn.utils.clip_grad_norm_ (norm_type 2) does it:
//
//   norm = √(Σ over all parameters and elements of g²)      (the grads seen as one vector)
//   coef = min(1, maxNorm / (norm + 1e-6))
//   g ← coef·g  for every gradient, when coef < 1
//
// so the clipped norm is just under maxNorm. Two differences from torch, both deliberate:
// - the sum of squares accumulates in float64 (torch sums float32 per-tensor norms), so the
//   norm of a large model does not lose digits;
// - a non-finite norm (a NaN or ±Infinity gradient) is returned with the grads left as
//   they are. torch (error_if_nonfinite=False) would multiply them by NaN or 0 instead;
//   here the caller sees the non-finite norm and can skip the step or stop the run.

import { checkNumber } from "./check.js";
import { checkParameters, type Parameter } from "./parameter.js";

/**
 * Scales all gradients together so their global L2 norm is at most `maxNorm` and returns
 * the norm they had before clipping (what nanoGPT-style logs report as "grad norm").
 *
 * @example
 * // grads [3] and [4]: norm 5 > 1, so both scale by 1/(5 + 1e-6) -> [0.6, 0.8] (to 1e-7)
 * clipGradNorm(params, 1.0); // 5
 */
export function clipGradNorm(params: readonly Parameter[], maxNorm: number): number {
  checkParameters(params);
  checkNumber("clipGradNorm maxNorm", maxNorm, Number.MIN_VALUE, Infinity, "nanoGPT's grad_clip 0 means no clipping: skip the call");
  const norm = sumOfSquaresNorm(params);
  if (!Number.isFinite(norm)) return norm;
  const coef = Math.min(1, maxNorm / (norm + 1e-6));
  if (coef < 1) {
    for (const { grad } of params) {
      for (let j = 0; j < grad.length; j++) grad[j] *= coef;
    }
  }
  return norm;
}

/** Global L2 norm of all gradients, √(Σ g²), accumulated in float64. Grads are unchanged. */
export function gradNorm(params: readonly Parameter[]): number {
  checkParameters(params);
  return sumOfSquaresNorm(params);
}

function sumOfSquaresNorm(params: readonly Parameter[]): number {
  let sumOfSquares = 0;
  for (const { grad } of params) {
    for (let j = 0; j < grad.length; j++) sumOfSquares += grad[j] * grad[j];
  }
  return Math.sqrt(sumOfSquares);
}
