import { describe, expect, it } from "vitest";
import { expectBug } from "./bug-error.js";
import { loraForward, loraMerge, loraUnmerge } from "../src/nn/lora.js";
import { matmul } from "../src/tensor/matmul.js";
import { noGrad, tensor } from "../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "./tensor-gradcheck.js";

// x [2, 3], W [3, 2], A [3, 2], B [2, 2], α = 6, r = 2: scale 3.
const x = tensor([1, 2, -1, 0.5, 0, 3], [2, 3]);
const w = tensor([1, 0, -2, 1, 0.5, 3], [3, 2]);
const a = tensor([1, -1, 0, 2, 0.5, 0.25], [3, 2]);
const b = tensor([0.5, -1, 1, 0.25], [2, 2]);

describe("LoRA (Hu et al. 2021): y = x·W + (α/r)·x·A·B", () => {
  it("forward matches PyTorch", () => {
    // Fixture from /usr/bin/python3 with torch, float64, peft's layout (lora_A.weight = Aᵀ, lora_B.weight = Bᵀ):
    //   base(x) + lora_B(lora_A(x)) * (alpha / r)  →  [[5.5, -0.4375], [5.75, 3.1875]]
    // By hand, row 0: x·W = [-3.5, -1], x·A = [0.5, 2.75], (x·A)·B = [3, 0.1875], × 3 → y = [5.5, -0.4375].
    expect(Array.from(noGrad(() => loraForward(x, w, a, b, 6)).data)).toEqual([5.5, -0.4375, 5.75, 3.1875]);
  });

  it("merge folds the scaled update into W, and the merged weight gives the same outputs", () => {
    // PyTorch (same run): W + (alpha / r) * A @ B  →  [[-0.5, -3.75], [4, 2.5], [2, 1.6875]]
    const merged = noGrad(() => loraMerge(w, a, b, 6));
    expect(Array.from(merged.data)).toEqual([-0.5, -3.75, 4, 2.5, 2, 1.6875]);
    expect(Array.from(noGrad(() => matmul(x, merged)).data)).toEqual([5.5, -0.4375, 5.75, 3.1875]);
  });

  it("unmerge gives back W", () => {
    const merged = tensor([-0.5, -3.75, 4, 2.5, 2, 1.6875], [3, 2]);
    expect(Array.from(noGrad(() => loraUnmerge(merged, a, b, 6)).data)).toEqual(Array.from(w.data));
  });

  it("a fresh adapter (B = 0) leaves the layer unchanged", () => {
    const zero = tensor([0, 0, 0, 0], [2, 2]);
    expect(Array.from(noGrad(() => loraForward(x, w, a, zero, 6)).data)).toEqual(Array.from(noGrad(() => matmul(x, w)).data));
  });

  it("backward matches finite differences for x, A and B", () => {
    const inputs = [randomTensor([3, 4], 1), randomTensor([4, 5], 2, -1, 1, false), randomTensor([4, 2], 3), randomTensor([2, 5], 4)];
    const result = checkGradients(([xs, weight, down, up]) => loraForward(xs, weight, down, up, 3), inputs);
    expect(result.largestGradient).toBeGreaterThan(0.1);
    expect(result.worst).toBeLessThanOrEqual(1);
  });

  it("rejects A and B whose ranks differ", () => {
    expectBug(() => loraMerge(w, a, tensor([1, 2, 3, 4, 5, 6], [3, 2]), 6), /LoRA expects A \[in, r\] and B \[r, out\]/);
  });
});
