import { describe, expect, it } from "vitest";
import { groupedQueryAttention, repeatKvHeads } from "../src/nn/grouped-query-attention.js";
import { causalAttention } from "../src/tensor/attention.js";
import { backward, noGrad, tensor, type Tensor } from "../src/tensor/tensor.js";
import { expectBug } from "./bug-error.js";
import { checkGradients, randomTensor } from "./tensor-gradcheck.js";

/** A tensor of `shape` whose flat element i is f(i). */
const filled = (shape: number[], f: (i: number) => number, requiresGrad = false): Tensor =>
  tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)),
    shape,
    { requiresGrad },
  );

describe("groupedQueryAttention (GQA: query head h reads kv head ⌊h / (H / H_kv)⌋)", () => {
  // Fixtures from PyTorch 1.13 in float64, with the same inputs:
  //   q[i] = sin(1 + 0.7 i) [1, 4, 3, 2];  k[i] = 2 cos(2 + 0.3 i), v[i] = sin(3 + 1.1 i) [1, 2, 3, 2]
  //   kr, vr = k.repeat_interleave(2, dim=1), v.repeat_interleave(2, dim=1)
  //   s = (q @ kr.transpose(-1, -2) / sqrt(2)).masked_fill(triu(ones(3, 3), 1), -inf)
  //   o = softmax(s, -1) @ vr;  (o * w).sum().backward() with w[i] = sin(0.5 i)
  const q = () => filled([1, 4, 3, 2], (i) => Math.sin(1 + 0.7 * i), true);
  const k = () => filled([1, 2, 3, 2], (i) => 2 * Math.cos(2 + 0.3 * i), true);
  const v = () => filled([1, 2, 3, 2], (i) => Math.sin(3 + 1.1 * i), true);
  const torchOutput = [
    0.14112, -0.818277, -0.260508, -0.490926, 0.058664, 0.202111, 0.14112, -0.818277, -0.231213, -0.514803, 0.052421, -0.306953, -0.174327, -0.956635, -0.279757,
    -0.69588, 0.030361, -0.021706, -0.174327, -0.956635, -0.491506, -0.17217, -0.219188, -0.592968,
  ];
  const torchKGrad = [0.156786, 0.145485, 0.268857, 0.331618, -0.425643, -0.477103, 0.179991, -0.124256, -0.119777, -0.072384, -0.060214, 0.19664];
  const torchVGrad = [-0.215842, -0.184283, 0.192504, 0.109138, 0.199499, 0.116684, 0.047346, 0.174831, -0.078385, -0.264346, 0.266075, 0.210823];

  it("matches PyTorch's repeat_interleave + causal attention, forward and backward (H = 4, H_kv = 2)", () => {
    const [qt, kt, vt] = [q(), k(), v()];
    const out = groupedQueryAttention(qt, kt, vt);
    expect(out.shape).toEqual([1, 4, 3, 2]);
    torchOutput.forEach((x, i) => expect(out.data[i]).toBeCloseTo(x, 5));
    backward(out, Array.from({ length: 24 }, (_, i) => Math.sin(0.5 * i)));
    torchKGrad.forEach((x, i) => expect(kt.grad![i]).toBeCloseTo(x, 5));
    torchVGrad.forEach((x, i) => expect(vt.grad![i]).toBeCloseTo(x, 5));
  });

  it("is multi-head causal attention when H_kv = H", () => {
    const qt = randomTensor([2, 3, 4, 4], 1, -1, 1, false);
    const kt = randomTensor([2, 3, 4, 4], 2, -1, 1, false);
    const vt = randomTensor([2, 3, 4, 4], 3, -1, 1, false);
    noGrad(() => expect(Array.from(groupedQueryAttention(qt, kt, vt).data)).toEqual(Array.from(causalAttention(qt, kt, vt).data)));
  });

  it("gives every query head the one kv head when H_kv = 1 (multi-query)", () => {
    const qt = randomTensor([1, 3, 4, 2], 4, -1, 1, false);
    const kt = randomTensor([1, 1, 4, 2], 5, -1, 1, false);
    const vt = randomTensor([1, 1, 4, 2], 6, -1, 1, false);
    const out = noGrad(() => groupedQueryAttention(qt, kt, vt));
    for (let h = 0; h < 3; h++) {
      const head = tensor(qt.data.slice(h * 8, (h + 1) * 8), [1, 1, 4, 2]);
      expect(Array.from(out.data.subarray(h * 8, (h + 1) * 8))).toEqual(Array.from(noGrad(() => causalAttention(head, kt, vt)).data));
    }
  });

  it("repeatKvHeads copies heads in consecutive groups over batches, and its backward sums the copies", () => {
    const x = filled([2, 2, 1, 1], (i) => i); // batch 0: heads 0, 1; batch 1: heads 2, 3
    expect(Array.from(noGrad(() => repeatKvHeads(x, 3)).data)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    const result = checkGradients(([t]) => repeatKvHeads(t, 2), [randomTensor([2, 2, 3, 2], 7)]);
    expect(result.largestGradient).toBeGreaterThan(0.1);
    expect(result.worst).toBeLessThanOrEqual(1);
  });

  it("rejects kv heads that do not divide the query heads", () => {
    const t = (h: number) => randomTensor([1, h, 2, 2], h, -1, 1, false);
    expectBug(() => groupedQueryAttention(t(3), t(2), t(2)), /H divisible by H_kv/);
  });
});
