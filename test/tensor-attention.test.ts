import { describe, expect, it } from "vitest";
import { expectBug } from "./bug-error.js";
import { causalAttention } from "../src/tensor/attention.js";
import { add, scale } from "../src/tensor/elementwise.js";
import { matmul } from "../src/tensor/matmul.js";
import { reshape, transpose } from "../src/tensor/shape.js";
import { softmax } from "../src/tensor/softmax.js";
import { backward, tensor, type Tensor } from "../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "./tensor-gradcheck.js";

/** The same attention built from differentiable ops: softmax(q·kᵀ/√D + mask)·v. */
function composedAttention(q: Tensor, k: Tensor, v: Tensor): Tensor {
  const [b, h, t, d] = q.shape;
  const flat = (x: Tensor) => reshape(x, [b * h, t, d]);
  const scores = scale(matmul(flat(q), transpose(flat(k), 1, 2)), 1 / Math.sqrt(d)); // [BH, T, T]
  const mask = tensor(Array.from({ length: t * t }, (_, i) => (i % t > Math.floor(i / t) ? -1e9 : 0)), [t, t]);
  return reshape(matmul(softmax(add(scores, mask)), flat(v)), [b, h, t, d]);
}

describe("fused causal attention", () => {
  it("T = 1 returns v (a single position attends only to itself)", () => {
    const v = randomTensor([2, 3, 1, 4], 1, -1, 1, false);
    const out = causalAttention(randomTensor([2, 3, 1, 4], 2, -1, 1, false), randomTensor([2, 3, 1, 4], 3, -1, 1, false), v);
    expect(Array.from(out.data)).toEqual(Array.from(v.data));
  });

  it("forward and gradients agree with the composed-op version", () => {
    const shape = [2, 2, 5, 3];
    const inputs = [randomTensor(shape, 10), randomTensor(shape, 11), randomTensor(shape, 12)];
    const seed = Array.from({ length: 60 }, (_, i) => Math.sin(i));
    const fused = causalAttention(inputs[0], inputs[1], inputs[2]);
    backward(fused, seed);
    const fusedGrads = inputs.map((x) => (x.grad as Float32Array).slice());
    for (const x of inputs) x.grad = null;
    const composed = composedAttention(inputs[0], inputs[1], inputs[2]);
    for (let i = 0; i < fused.data.length; i++) expect(fused.data[i]).toBeCloseTo(composed.data[i], 5);
    backward(composed, seed);
    inputs.forEach((x, n) => {
      for (let i = 0; i < x.data.length; i++) expect(fusedGrads[n][i]).toBeCloseTo((x.grad as Float32Array)[i], 5);
    });
  });

  it("agrees with the composed version at odd sizes (edge blocks of the matmul) and with only some inputs needing grad", () => {
    const shape = [1, 3, 7, 5];
    const size = 105;
    const seed = Array.from({ length: size }, (_, i) => Math.cos(i));
    for (const needs of [[false, true, false], [true, false, true]]) {
      const inputs = [randomTensor(shape, 40), randomTensor(shape, 41), randomTensor(shape, 42)];
      inputs.forEach((x, n) => (x.requiresGrad = needs[n]));
      const fused = causalAttention(inputs[0], inputs[1], inputs[2]);
      backward(fused, seed);
      const fusedGrads = inputs.map((x) => x.grad?.slice() ?? null);
      for (const x of inputs) x.grad = null;
      const composed = composedAttention(inputs[0], inputs[1], inputs[2]);
      for (let i = 0; i < size; i++) expect(fused.data[i]).toBeCloseTo(composed.data[i], 5);
      backward(composed, seed);
      inputs.forEach((x, n) => {
        expect(fusedGrads[n] === null).toBe(!needs[n]);
        if (fusedGrads[n]) for (let i = 0; i < size; i++) expect(fusedGrads[n]![i]).toBeCloseTo((x.grad as Float32Array)[i], 5);
      });
    }
  });

  it("gradients by finite differences (q, k, v)", () => {
    const shape = [1, 2, 4, 3];
    const result = checkGradients(([q, k, v]) => causalAttention(q, k, v), [randomTensor(shape, 20, -2, 2), randomTensor(shape, 21, -2, 2), randomTensor(shape, 22)]);
    expect(result.checked).toBe(72);
    expect(result.largestGradient).toBeGreaterThan(1e-2);
    expect(result.worst).toBeLessThanOrEqual(1);
  });

  it("later positions do not influence earlier outputs (causality)", () => {
    const q = randomTensor([1, 1, 4, 2], 30, -1, 1, false);
    const k = randomTensor([1, 1, 4, 2], 31, -1, 1, false);
    const v = randomTensor([1, 1, 4, 2], 32, -1, 1, false);
    const before = causalAttention(q, k, v).data.slice(0, 6);
    k.data[7] += 5;
    v.data[7] += 5;
    expect(Array.from(causalAttention(q, k, v).data.slice(0, 6))).toEqual(Array.from(before));
  });

  it("rejects mismatched shapes", () => {
    expectBug(() => causalAttention(randomTensor([1, 1, 2, 2], 1), randomTensor([1, 1, 3, 2], 2), randomTensor([1, 1, 2, 2], 3)), /causalAttention expects q, k, v of the same shape/);
  });
});
