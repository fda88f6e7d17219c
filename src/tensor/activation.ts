/**
 * GELU in its two forms, and seeded dropout.
 */
import { InputError } from "../errors.js";
import type { Rng } from "../stats/prng.js";
import { allocate } from "./arena.js";
import { kernels } from "./kernels.js";
import { gradOf, needsGrad, opOutput, record, type Tensor } from "./tensor.js";

/**
 * GELU, exact form (Hendrycks & Gimpel 2016, §2; PyTorch `nn.GELU()`, as nanoGPT's MLP uses);
 * the loops are kernels (kernels.ts geluForward/geluBackward, reference in gelu-kernel.ts).
 *   y = x·Φ(x) = ½·x·(1 + erf(x/√2)),  dy/dx = Φ(x) + x·φ(x)
 */
export function gelu(x: Tensor): Tensor {
  const out = opOutput(x.shape);
  // Φ(x) per element, kept for backward (erfc is the costly part of both passes).
  const cdf = needsGrad(x) ? allocate(x.data.length) : null;
  kernels().geluForward(out.data, x.data, cdf);
  if (cdf) record(out, (dOut) => kernels().geluBackward(gradOf(x), dOut, x.data, cdf));
  return out;
}

/**
 * GELU, tanh form (Hendrycks & Gimpel 2016, §2; GPT-2's `gelu`, PyTorch
 * `approximate="tanh"`); kernels geluTanhForward/geluTanhBackward.
 *   y = ½·x·(1 + tanh(u)),  u = √(2/π)·(x + 0.044715·x³)
 *   dy/dx = ½·(1 + tanh u) + ½·x·(1 − tanh² u)·√(2/π)·(1 + 3·0.044715·x²)
 */
export function geluTanh(x: Tensor): Tensor {
  const out = opOutput(x.shape);
  // tanh u per element, kept for backward (tanh is the costly part of both passes).
  const tanhU = needsGrad(x) ? allocate(x.data.length) : null;
  kernels().geluTanhForward(out.data, x.data, tanhU);
  if (tanhU) record(out, (dOut) => kernels().geluTanhBackward(gradOf(x), dOut, x.data, tanhU));
  return out;
}

/**
 * Inverted dropout (Srivastava et al. 2014, scaled at training time as PyTorch does): each
 * element is zeroed with probability p and the survivors are scaled by 1/(1 − p), so the
 * expectation is unchanged. Identity (the same tensor) when p = 0 or `training` is false.
 * The mask is drawn from `rng` in element order: same seed, same mask.
 *
 * @example dropout(att, 0.1, rng, model.training)
 */
export function dropout(x: Tensor, p: number, rng: Rng, training = true): Tensor {
  if (!(p >= 0 && p < 1)) {
    throw new InputError(`dropout probability must be in [0, 1), got ${p}`);
  }
  if (p === 0 || !training) return x;
  const keepScale = 1 / (1 - p);
  const mask = allocate(x.data.length); // 0 or 1/(1-p) per element, kept for backward
  const out = opOutput(x.shape);
  for (let i = 0; i < mask.length; i++) {
    mask[i] = rng.nextFloat() < p ? 0 : keepScale;
    out.data[i] = x.data[i] * mask[i];
  }
  if (needsGrad(x)) {
    record(out, (dOut) => {
      const dx = gradOf(x);
      for (let i = 0; i < dx.length; i++) dx[i] += dOut[i] * mask[i];
    });
  }
  return out;
}
