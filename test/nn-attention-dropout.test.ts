import { describe, expect, it } from "vitest";
import { causalAttentionWithDropout } from "../src/nn/attention-dropout.js";
import { createRng } from "../src/stats/prng.js";
import { causalAttention } from "../src/tensor/attention.js";
import { backward, noGrad } from "../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "./tensor-gradcheck.js";

const shape = [2, 2, 4, 3];

describe("causalAttentionWithDropout (nanoGPT's unfused attention)", () => {
  it("equals the fused causalAttention at p = 0, values and gradients", () => {
    const inputs = () => [randomTensor(shape, 1), randomTensor(shape, 2), randomTensor(shape, 3)];
    const [q1, k1, v1] = inputs();
    const [q2, k2, v2] = inputs();
    const seed = Array.from({ length: q1.data.length }, (_, i) => Math.sin(i));
    // One graph at a time: backward runs and clears the whole tape.
    const fused = causalAttention(q1, k1, v1);
    backward(fused, seed);
    const composed = causalAttentionWithDropout(q2, k2, v2, 0, createRng(0));
    backward(composed, seed);
    fused.data.forEach((x, i) => expect(composed.data[i]).toBeCloseTo(x, 5));
    for (const [a, b] of [[q1, q2], [k1, k2], [v1, v2]]) a.grad!.forEach((g, i) => expect(b.grad![i]).toBeCloseTo(g, 5));
  });

  it("drops attention weights: the outputs differ by seed and the first position keeps v_0 or 0", () => {
    const [q, k, v] = [randomTensor(shape, 1, -1, 1, false), randomTensor(shape, 2, -1, 1, false), randomTensor(shape, 3, -1, 1, false)];
    const a = noGrad(() => causalAttentionWithDropout(q, k, v, 0.5, createRng(1))).data;
    expect(noGrad(() => causalAttentionWithDropout(q, k, v, 0.5, createRng(1))).data).toEqual(a);
    expect(noGrad(() => causalAttentionWithDropout(q, k, v, 0.5, createRng(2))).data).not.toEqual(a);
    // Position 0 attends only to itself with weight 1, so after dropout its output is 2·v_0 or 0.
    const out0 = Array.from(a.subarray(0, 3));
    const v0 = Array.from(v.data.subarray(0, 3));
    const kept = out0.every((x, d) => Math.abs(x - 2 * v0[d]) < 1e-6);
    const dropped = out0.every((x) => x === 0);
    expect(kept || dropped).toBe(true);
  });

  it("backward matches finite differences with a fixed mask", () => {
    const result = checkGradients(([q, k, v]) => causalAttentionWithDropout(q, k, v, 0.3, createRng(4)), [randomTensor(shape, 5), randomTensor(shape, 6), randomTensor(shape, 7)]);
    expect(result.largestGradient).toBeGreaterThan(0.1);
    expect(result.worst).toBeLessThanOrEqual(1);
  });
});
