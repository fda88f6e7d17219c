import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { expectBug } from "./bug-error.js";
import { createRng } from "../src/stats/prng.js";
import { gelu, geluTanh, dropout } from "../src/tensor/activation.js";
import { add, broadcastShape, div, mul, scale, sub } from "../src/tensor/elementwise.js";
import { embedding } from "../src/tensor/embedding.js";
import { linear, matmul } from "../src/tensor/matmul.js";
import { layerNorm, rmsNorm } from "../src/tensor/norm.js";
import { max, mean, sum } from "../src/tensor/reduce.js";
import { reshape, split, transpose } from "../src/tensor/shape.js";
import { crossEntropy, logSoftmax, softmax } from "../src/tensor/softmax.js";
import { backward, tensor, type Tensor } from "../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "./tensor-gradcheck.js";

/** Runs the finite-difference check and asserts it passed on a non-trivial gradient. */
function expectGradientsMatch(f: (inputs: Tensor[]) => Tensor, inputs: Tensor[], options = {}): void {
  const result = checkGradients(f, inputs, options);
  expect(result.checked).toBeGreaterThan(0);
  expect(result.largestGradient).toBeGreaterThan(1e-2);
  expect(result.worst).toBeLessThanOrEqual(1);
}

/** A shuffled tensor of distinct values 0.1 apart (no near-ties for max), requiring grad. */
function spacedTensor(shape: number[], seed: number): Tensor {
  const x = randomTensor(shape, seed);
  const rng = createRng(seed);
  const values = Array.from({ length: x.data.length }, (_, i) => 0.1 * i - 1);
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [values[i], values[j]] = [values[j], values[i]];
  }
  x.data.set(values);
  return x;
}

describe("matmul and linear", () => {
  it("forward layouts: 2-D, [..., K]·[K, N], batched", () => {
    const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tensor([7, 8, 9, 10, 11, 12], [3, 2]);
    expect(Array.from(matmul(a, b).data)).toEqual([58, 64, 139, 154]);
    const a3 = tensor([1, 2, 3, 4, 5, 6], [2, 1, 3]);
    expect(matmul(a3, b).shape).toEqual([2, 1, 2]);
    expect(Array.from(matmul(a3, b).data)).toEqual([58, 64, 139, 154]);
    const bb = tensor([1, 0, 0, 1, 0, 0, 2, 0, 0, 2, 0, 0], [2, 3, 2]);
    expect(Array.from(matmul(a3, bb).data)).toEqual([1, 2, 8, 10]);
    expectBug(() => matmul(a, a), /matmul/);
  });

  it("linear is x·Wᵀ + b with W stored [out, in]", () => {
    const x = tensor([1, 2], [1, 2]);
    const w = tensor([1, 0, 0, 1, 1, 1], [3, 2]);
    const bias = tensor([10, 20, 30], [3]);
    expect(Array.from(linear(x, w, bias).data)).toEqual([11, 22, 33]);
  });

  it("gradients by finite differences (2-D, leading axes, batched, linear)", () => {
    expectGradientsMatch(([a, b]) => matmul(a, b), [randomTensor([3, 5], 1), randomTensor([5, 4], 2)]);
    expectGradientsMatch(([a, b]) => matmul(a, b), [randomTensor([2, 3, 5], 3), randomTensor([5, 2], 4)]);
    expectGradientsMatch(([a, b]) => matmul(a, b), [randomTensor([2, 3, 4], 5), randomTensor([2, 4, 3], 6)]);
    expectGradientsMatch(([x, w, b]) => linear(x, w, b), [randomTensor([2, 3, 4], 7), randomTensor([5, 4], 8), randomTensor([5], 9)]);
  });
});

describe("elementwise with broadcasting", () => {
  it("broadcast shapes follow NumPy's rules", () => {
    expect(broadcastShape([2, 3, 4], [4])).toEqual([2, 3, 4]);
    expect(broadcastShape([2, 1, 4], [3, 1])).toEqual([2, 3, 4]);
    expectBug(() => broadcastShape([2, 3], [4]), /cannot be broadcast together/);
  });

  it("forward values with broadcasting", () => {
    const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(Array.from(add(a, tensor([10, 20, 30], [3])).data)).toEqual([11, 22, 33, 14, 25, 36]);
    expect(Array.from(sub(a, tensor([1, 2], [2, 1])).data)).toEqual([0, 1, 2, 2, 3, 4]);
    expect(Array.from(mul(a, tensor([2], [1])).data)).toEqual([2, 4, 6, 8, 10, 12]);
    expect(Array.from(div(a, tensor([1, 2, 4], [3])).data)).toEqual([1, 1, 0.75, 4, 2.5, 1.5]);
  });

  it("gradients reduce over broadcast axes (finite differences)", () => {
    const cases: Array<[number[], number[]]> = [[[2, 3], [2, 3]], [[2, 3, 4], [4]], [[2, 1, 4], [3, 1]], [[1], [2, 3]], [[3, 1], [1, 4]]];
    let seed = 10;
    for (const [sa, sb] of cases) {
      for (const op of [add, sub, mul]) expectGradientsMatch(([a, b]) => op(a, b), [randomTensor(sa, seed++), randomTensor(sb, seed++)]);
      // Divisors kept away from 0 so the finite difference is well conditioned.
      expectGradientsMatch(([a, b]) => div(a, b), [randomTensor(sa, seed++), randomTensor(sb, seed++, 0.5, 1.5)]);
    }
    expectGradientsMatch(([a]) => scale(a, -2.5), [randomTensor([3, 2], 99)]);
  });
});

describe("reductions", () => {
  it("sum, mean, max over an axis, with keepdim", () => {
    const x = tensor([1, 5, 3, 4, 2, 6], [2, 3]);
    expect(Array.from(sum(x).data)).toEqual([21]);
    expect(sum(x).shape).toEqual([]);
    expect(Array.from(sum(x, { axis: 0 }).data)).toEqual([5, 7, 9]);
    expect(sum(x, { axis: -1, keepdim: true }).shape).toEqual([2, 1]);
    expect(Array.from(mean(x, { axis: 1 }).data)).toEqual([3, 4]);
    expect(Array.from(max(x, { axis: 1 }).data)).toEqual([5, 6]);
    expect(Array.from(max(x, { axis: 0 }).data)).toEqual([4, 5, 6]);
    expectBug(() => sum(x, { axis: 2 }), /out of range for a tensor of rank/);
    expectBug(() => mean(tensor([], [0])), /mean over an empty axis/);
  });

  it("max sends the gradient to the first maximum only", () => {
    const x = tensor([2, 7, 7, 1], [4], { requiresGrad: true });
    backward(max(x));
    expect(Array.from(x.grad as Float32Array)).toEqual([0, 1, 0, 0]);
  });

  it("gradients by finite differences over every axis", () => {
    let seed = 200;
    for (const axis of [undefined, 0, 1, 2, -1]) {
      for (const keepdim of [false, true]) {
        expectGradientsMatch(([x]) => sum(x, { axis, keepdim }), [randomTensor([2, 3, 4], seed++)]);
        expectGradientsMatch(([x]) => mean(x, { axis, keepdim }), [randomTensor([2, 3, 4], seed++)], { atol: 1e-4 });
        // max is not differentiable at ties: use values spaced 0.1 apart so the step never reorders them.
        expectGradientsMatch(([x]) => max(x, { axis, keepdim }), [spacedTensor([2, 3, 4], seed++)]);
      }
    }
  });
});

describe("reshape and transpose", () => {
  it("reshape infers -1 and shares data; transpose swaps axes", () => {
    const x = tensor([0, 1, 2, 3, 4, 5], [2, 3]);
    expect(reshape(x, [3, -1]).shape).toEqual([3, 2]);
    expect(reshape(x, [3, -1]).data).toBe(x.data);
    expectBug(() => reshape(x, [4, -1]), /reshape: cannot view/);
    expect(Array.from(transpose(x, 0, 1).data)).toEqual([0, 3, 1, 4, 2, 5]);
    const y = tensor(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
    const t = transpose(y, 0, 2); // t[k, j, i] = y[i, j, k]
    expect(t.shape).toEqual([4, 3, 2]);
    expect(t.data[(3 * 3 + 1) * 2 + 1]).toBe(y.data[(1 * 3 + 1) * 4 + 3]);
  });

  it("gradients by finite differences", () => {
    expectGradientsMatch(([x]) => reshape(x, [4, -1]), [randomTensor([2, 3, 4], 300)]);
    expectGradientsMatch(([x]) => transpose(x, 1, 2), [randomTensor([2, 3, 4, 2], 301)]);
    expectGradientsMatch(([x]) => transpose(x, 0, -1), [randomTensor([2, 3, 4], 302)]);
  });

  it("split along an axis: values and gradients", () => {
    const x = tensor(Array.from({ length: 12 }, (_, i) => i), [2, 6]);
    const [q, k, v] = split(x, [1, 2, 3], -1);
    expect(Array.from(q.data)).toEqual([0, 6]);
    expect(Array.from(k.data)).toEqual([1, 2, 7, 8]);
    expect(v.shape).toEqual([2, 3]);
    expect(Array.from(split(x, [1, 1], 0)[1].data)).toEqual([6, 7, 8, 9, 10, 11]);
    expectBug(() => split(x, [2, 2], 1), /do not add up to axis/);
    // One loss using all pieces differently, so a misplaced slice shows up.
    expectGradientsMatch(([y]) => {
      const [a, b] = split(y, [2, 3], 1);
      return add(mul(a, a), sum(b, { axis: 1, keepdim: true }));
    }, [randomTensor([2, 5, 2], 303)]);
  });
});

describe("softmax, log-softmax, cross-entropy", () => {
  it("softmax of [0, ln 2, ln 3] is [1/6, 2/6, 3/6]; rows are independent and shift-invariant", () => {
    const y = softmax(tensor([0, Math.log(2), Math.log(3), 1000, 1000, 1000], [2, 3]));
    const expected = [1 / 6, 2 / 6, 3 / 6, 1 / 3, 1 / 3, 1 / 3];
    expected.forEach((e, i) => expect(y.data[i]).toBeCloseTo(e, 6));
    const ls = logSoftmax(tensor([0, Math.log(2), Math.log(3)], [3]));
    expect(ls.data[2]).toBeCloseTo(Math.log(0.5), 6);
  });

  it("gradients by finite differences", () => {
    expectGradientsMatch(([x]) => softmax(x), [randomTensor([2, 3, 5], 400, -2, 2)]);
    expectGradientsMatch(([x]) => logSoftmax(x), [randomTensor([2, 3, 5], 401, -2, 2)]);
  });

  it("cross-entropy: a worked example with an ignored row", () => {
    // Row 0: logits [0, ln 3] target 1: −log(3/4). Row 1 ignored. Row 2: [0, 0] target 0: log 2.
    const logits = tensor([0, Math.log(3), 5, -5, 0, 0], [3, 2], { requiresGrad: true });
    const loss = crossEntropy(logits, [1, -100, 0]);
    expect(loss.data[0]).toBeCloseTo((-Math.log(0.75) + Math.log(2)) / 2, 6);
    backward(loss);
    // d/dz = (softmax − onehot)/2 on used rows, 0 on the ignored one.
    const expected = [0.25 / 2, -0.25 / 2, 0, 0, -0.5 / 2, 0.5 / 2];
    expected.forEach((e, i) => expect((logits.grad as Float32Array)[i]).toBeCloseTo(e, 6));
  });

  it("cross-entropy gradients by finite differences, with a custom ignore index and [B, T, V] logits", () => {
    const targets = [2, 0, 4, 4, 1, 3];
    expectGradientsMatch(([z]) => crossEntropy(z, targets), [randomTensor([2, 3, 5], 402, -2, 2)]);
    expectGradientsMatch(([z]) => crossEntropy(z, [1, 7, 0], { ignoreIndex: 7 }), [randomTensor([3, 4], 403, -2, 2)]);
  });

  it("cross-entropy edge cases: all ignored gives 0; bad targets throw", () => {
    const z = tensor([1, 2, 3, 4], [2, 2], { requiresGrad: true });
    const loss = crossEntropy(z, [-100, -100]);
    expect(loss.data[0]).toBe(0);
    backward(loss);
    expect(Array.from(z.grad as Float32Array)).toEqual([0, 0, 0, 0]);
    expectBug(() => crossEntropy(z, [0, 2]), /target 2 at row 1 is outside \[0, 2\)/);
    expectBug(() => crossEntropy(z, [0]), /1 targets for 2 rows/);
    expectBug(() => crossEntropy(z, [0, 0.5]), /target 0.5 at row 1 is outside \[0, 2\)/);
    for (const ignoreIndex of [Infinity, NaN, 0.5, 2 ** 32]) expect(() => crossEntropy(z, [0, 1], { ignoreIndex })).toThrow(/ignoreIndex must be a 32-bit integer/);
  });
});

describe("GELU and dropout", () => {
  it("GELU (exact) at known points", () => {
    // x·Φ(x) with the normal CDF from tables: Φ(1) = 0.8413447, Φ(−1) = 0.1586553, Φ(3) = 0.9986501
    const y = gelu(tensor([1, -1, 0, 3], [4]));
    expect(y.data[0]).toBeCloseTo(0.8413447, 6);
    expect(y.data[1]).toBeCloseTo(-0.1586553, 6);
    expect(y.data[2]).toBe(0);
    expect(y.data[3]).toBeCloseTo(3 * 0.9986501, 6);
  });

  it("GELU (tanh form) at known points", () => {
    // 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))) at x = 1, -1, 0, 3
    const y = geluTanh(tensor([1, -1, 0, 3], [4]));
    expect(y.data[0]).toBeCloseTo(0.8411920, 6);
    expect(y.data[1]).toBeCloseTo(-0.1588080, 6);
    expect(y.data[2]).toBe(0);
    expect(y.data[3]).toBeCloseTo(2.9963627, 5);
  });

  it("GELU gradients (both forms) by finite differences", () => {
    expectGradientsMatch(([x]) => gelu(x), [randomTensor([3, 7], 500, -3, 3)]);
    expectGradientsMatch(([x]) => geluTanh(x), [randomTensor([3, 7], 500, -3, 3)]);
  });

  it("dropout: identity at p = 0 and in eval mode; seeded; scaled survivors; gradient uses the same mask", () => {
    const x = randomTensor([1000], 501);
    expect(dropout(x, 0, createRng(1))).toBe(x);
    expect(dropout(x, 0.5, createRng(1), false)).toBe(x);
    const a = dropout(x, 0.25, createRng(7));
    const b = dropout(x, 0.25, createRng(7));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    let dropped = 0;
    for (let i = 0; i < 1000; i++) {
      if (a.data[i] === 0) dropped++;
      else expect(a.data[i]).toBeCloseTo(x.data[i] / 0.75, 6);
    }
    expect(dropped).toBeGreaterThan(200);
    expect(dropped).toBeLessThan(300);
    expect(() => dropout(x, 1, createRng(1))).toThrow(InputError);
    expectGradientsMatch(([v]) => dropout(v, 0.3, createRng(11)), [randomTensor([4, 5], 502)]);
  });
});

describe("LayerNorm and RMSNorm", () => {
  it("LayerNorm normalizes each row to mean 0, variance 1 before the affine map", () => {
    const x = tensor([1, 2, 3, 4, 10, 20, 30, 40], [2, 4]);
    const y = layerNorm(x, tensor([1, 1, 1, 1], [4]), null);
    // Row [1, 2, 3, 4]: μ = 2.5, σ² = 1.25, so y₀ = −1.5/√(1.25 + 1e-5)
    expect(y.data[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25 + 1e-5), 5);
    expect(y.data[4]).toBeCloseTo(-15 / Math.sqrt(125 + 1e-5), 5);
    const z = layerNorm(x, tensor([2, 2, 2, 2], [4]), tensor([1, 1, 1, 1], [4]));
    expect(z.data[0]).toBeCloseTo(1 + (2 * -1.5) / Math.sqrt(1.25 + 1e-5), 5);
  });

  it("RMSNorm divides by the root mean square", () => {
    const y = rmsNorm(tensor([3, 4], [1, 2]), tensor([1, 2], [2]));
    const rms = Math.sqrt(12.5 + 1e-5);
    expect(y.data[0]).toBeCloseTo(3 / rms, 6);
    expect(y.data[1]).toBeCloseTo(8 / rms, 6);
  });

  it("gradients by finite differences (input, weight, bias)", () => {
    expectGradientsMatch(([x, w, b]) => layerNorm(x, w, b), [randomTensor([2, 3, 6], 600, -2, 2), randomTensor([6], 601, 0.5, 1.5), randomTensor([6], 602)]);
    expectGradientsMatch(([x, w]) => layerNorm(x, w, null), [randomTensor([4, 5], 603, -2, 2), randomTensor([5], 604, 0.5, 1.5)]);
    expectGradientsMatch(([x, w]) => rmsNorm(x, w), [randomTensor([2, 3, 6], 605, -2, 2), randomTensor([6], 606, 0.5, 1.5)]);
  });

  it("rejects mismatched weights", () => {
    expectBug(() => layerNorm(tensor([1, 2], [1, 2]), tensor([1, 1, 1], [3])), /weight must have shape/);
  });
});

describe("embedding", () => {
  it("gathers rows and scatter-adds gradients (repeated ids accumulate)", () => {
    const w = tensor([0, 1, 10, 11, 20, 21], [3, 2], { requiresGrad: true });
    const y = embedding(w, [2, 0, 2], [1, 3]);
    expect(y.shape).toEqual([1, 3, 2]);
    expect(Array.from(y.data)).toEqual([20, 21, 0, 1, 20, 21]);
    backward(y, [1, 2, 3, 4, 5, 6]);
    expect(Array.from(w.grad as Float32Array)).toEqual([3, 4, 0, 0, 6, 8]);
    expectBug(() => embedding(w, [3]), /id 3 at position 0 is outside \[0, 3\)/);
    expectBug(() => embedding(w, [1, 2], [3]), /ids do not fill shape/);
  });

  it("gradient by finite differences", () => {
    expectGradientsMatch(([w]) => embedding(w, [1, 3, 1, 0], [2, 2]), [randomTensor([4, 3], 700)]);
  });
});
