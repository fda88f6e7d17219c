// Finite-difference gradient check shared by the tensor tests (not a test file itself).
//
// Method: L = Σ_i w_i·f(x)_i for fixed random weights w (so every output element matters),
// analytic dL/dx from backward(out, w), numeric dL/dx_j by central differences
// (L(x + h·e_j) − L(x − h·e_j)) / (2h), L summed in float64 over the float32 outputs.
// The op itself runs in float32, so the check uses h = 1e-2 on inputs of order 1 and
// accepts |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|) with rtol = 1e-2,
// atol = 1e-3: float32 rounding contributes about 1e-7·|L|/h ≈ 1e-5, truncation O(h²) ≈ 1e-4,
// while a wrong factor, sign, index or missing broadcast reduction is off by O(1).
import { createRng } from "../src/stats/prng.js";
import { backward, noGrad, type Tensor } from "../src/tensor/tensor.js";

export interface GradCheckOptions {
  step?: number;
  rtol?: number;
  atol?: number;
  seed?: number;
}

export interface GradCheckResult {
  /** Largest |analytic − numeric| / (atol + rtol·max(|analytic|, |numeric|)); ≤ 1 passes. */
  worst: number;
  /** Largest |analytic| seen, so tests can assert the gradient is not trivially zero. */
  largestGradient: number;
  checked: number;
}

export function checkGradients(f: (inputs: Tensor[]) => Tensor, inputs: Tensor[], options: GradCheckOptions = {}): GradCheckResult {
  const { step = 1e-2, rtol = 1e-2, atol = 1e-3, seed = 1 } = options;
  for (const x of inputs) x.grad = null;
  const out = f(inputs);
  const rng = createRng(seed);
  const weights = Float64Array.from({ length: out.data.length }, () => rng.nextFloat() * 2 - 1);
  backward(out, weights);
  const loss = (): number =>
    noGrad(() => {
      const y = f(inputs).data;
      let total = 0;
      for (let i = 0; i < y.length; i++) total += weights[i] * y[i];
      return total;
    });
  let worst = 0;
  let largestGradient = 0;
  let checked = 0;
  for (const x of inputs) {
    if (!x.requiresGrad) continue;
    const analytic = x.grad ?? new Float32Array(x.data.length);
    for (let j = 0; j < x.data.length; j++) {
      const original = x.data[j];
      x.data[j] = original + step;
      const upper = x.data[j];
      const plus = loss();
      x.data[j] = original - step;
      const lower = x.data[j];
      const minus = loss();
      x.data[j] = original;
      const numeric = (plus - minus) / (upper - lower); // the float32-rounded step actually taken
      const error = Math.abs(analytic[j] - numeric) / (atol + rtol * Math.max(Math.abs(analytic[j]), Math.abs(numeric)));
      worst = Math.max(worst, error);
      largestGradient = Math.max(largestGradient, Math.abs(analytic[j]));
      checked++;
    }
  }
  return { worst, largestGradient, checked };
}

/** A tensor of seeded uniform values in [lo, hi) that requires grad. */
export function randomTensor(shape: number[], seed: number, lo = -1, hi = 1, requiresGrad = true): Tensor {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Float32Array.from({ length: n }, () => lo + (hi - lo) * rng.nextFloat());
  return { data, shape, grad: null, requiresGrad };
}
