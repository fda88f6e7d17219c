import { describe, expect, it } from "vitest";
import { expectBug } from "./bug-error.js";
import { createRng } from "../src/stats/prng.js";
import { add, mul } from "../src/tensor/elementwise.js";
import { matmul } from "../src/tensor/matmul.js";
import { sum } from "../src/tensor/reduce.js";
import { crossEntropy } from "../src/tensor/softmax.js";
import { backward, clearTape, noGrad, parameter, randn, tapeLength, tensor, zeroGrad } from "../src/tensor/tensor.js";

describe("tensor construction", () => {
  it("checks that data fills the shape", () => {
    expect(tensor([1, 2, 3, 4, 5, 6], [2, 3]).shape).toEqual([2, 3]);
    expectBug(() => tensor([1, 2, 3], [2, 2]), /tensor data has 3 values/);
    expectBug(() => tensor([1], [1.5]), /shape must be an array of non-negative integers/);
  });

  it("parameters carry a zero gradient buffer and a name", () => {
    const w = parameter("w", [2, 2]);
    expect(w.name).toBe("w");
    expect(w.requiresGrad).toBe(true);
    expect(Array.from(w.grad)).toEqual([0, 0, 0, 0]);
  });

  it("randn is seeded and has about the requested spread", () => {
    const a = randn([10_000], createRng(3), 0.02);
    expect(Array.from(randn([10_000], createRng(3), 0.02))).toEqual(Array.from(a));
    let m = 0;
    let s = 0;
    for (const v of a) m += v / a.length;
    for (const v of a) s += (v - m) ** 2 / a.length;
    expect(Math.abs(m)).toBeLessThan(0.001);
    expect(Math.sqrt(s)).toBeCloseTo(0.02, 3);
  });
});

describe("tape autograd", () => {
  it("back-propagates a worked example: L = Σ (x·w + b)", () => {
    // x [1, 2] = [[1, 2]], w [2, 1] = [[3], [4]], b = [5]: y = 1·3 + 2·4 + 5 = 16
    // dL/dw = xᵀ = [1, 2], dL/db = 1, dL/dx = wᵀ = [3, 4]
    const x = tensor([1, 2], [1, 2], { requiresGrad: true });
    const w = parameter("w", [2, 1], Float32Array.of(3, 4));
    const b = parameter("b", [1], Float32Array.of(5));
    const loss = sum(add(matmul(x, w), b));
    expect(loss.data[0]).toBe(16);
    backward(loss);
    expect(Array.from(w.grad)).toEqual([1, 2]);
    expect(Array.from(b.grad)).toEqual([1]);
    expect(Array.from(x.grad as Float32Array)).toEqual([3, 4]);
    expect(tapeLength()).toBe(0); // backward consumes the tape
  });

  it("a tensor used twice gets both gradients: d(x·x)/dx = 2x", () => {
    const x = tensor([3, -2], [2], { requiresGrad: true });
    backward(sum(mul(x, x)));
    expect(Array.from(x.grad as Float32Array)).toEqual([6, -4]);
  });

  it("gradient accumulation: two backward calls without zeroGrad sum their gradients", () => {
    const rng = createRng(5);
    const w = parameter("w", [4, 3], randn([4, 3], rng));
    const batches = [randn([2, 4], rng), randn([2, 4], rng)];
    const targets = [Int32Array.of(0, 2), Int32Array.of(1, 1)];
    const single = batches.map((x, i) => {
      zeroGrad([w]);
      backward(crossEntropy(matmul(tensor(x, [2, 4]), w), targets[i]));
      return w.grad.slice();
    });
    zeroGrad([w]);
    backward(crossEntropy(matmul(tensor(batches[0], [2, 4]), w), targets[0]));
    backward(crossEntropy(matmul(tensor(batches[1], [2, 4]), w), targets[1]));
    for (let i = 0; i < w.grad.length; i++) expect(w.grad[i]).toBeCloseTo(single[0][i] + single[1][i], 6);
    zeroGrad([w]);
    expect(w.grad.every((g) => g === 0)).toBe(true);
  });

  it("noGrad records nothing and its outputs do not require grad", () => {
    clearTape();
    const w = parameter("w", [2, 2], Float32Array.of(1, 2, 3, 4));
    const y = noGrad(() => sum(matmul(w, w)));
    expect(tapeLength()).toBe(0);
    expect(y.requiresGrad).toBe(false);
    expectBug(() => backward(y), /does not require grad/);
    // Recording resumes after noGrad, even when the function throws.
    expect(() => noGrad(() => { throw new Error("boom"); })).toThrow("boom");
    sum(w);
    expect(tapeLength()).toBe(1);
    clearTape();
  });

  it("ops on tensors without requiresGrad record nothing", () => {
    clearTape();
    sum(mul(tensor([1, 2], [2]), tensor([3, 4], [2])));
    expect(tapeLength()).toBe(0);
  });

  it("backward rejects a non-scalar root without a seed, and a seed of the wrong length", () => {
    const x = tensor([1, 2], [2], { requiresGrad: true });
    const y = mul(x, x);
    expectBug(() => backward(y), /backward needs a scalar loss/);
    expectBug(() => backward(y, [1]), /backward seed has 1 values/);
    backward(y, [1, 1]);
    expect(Array.from(x.grad as Float32Array)).toEqual([2, 4]);
  });
});
