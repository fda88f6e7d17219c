import { describe, expect, it } from "vitest";
import { expectBug } from "./bug-error.js";
import { rotary } from "../src/nn/rope.js";
import { noGrad, tensor } from "../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "./tensor-gradcheck.js";

describe("rotary (RoPE, GPT-NeoX/Llama pairing (i, i + D/2))", () => {
  it("rotates each pair by position·base^(−2i/D): worked example D = 4", () => {
    // One head vector x = [1, 2, 3, 4] at positions 0 and 1 (offset 2 → absolute 2 and 3).
    const x = tensor([1, 2, 3, 4, 1, 2, 3, 4], [1, 1, 2, 4]);
    const y = noGrad(() => rotary(x, 2)).data;
    const expected: number[] = [];
    for (const m of [2, 3]) {
      const a0 = m * 1; // θ_0 = 10000^0
      const a1 = m * 10000 ** (-2 / 4); // θ_1 = 10000^(−1/2) = 0.01
      expected.push(1 * Math.cos(a0) - 3 * Math.sin(a0), 2 * Math.cos(a1) - 4 * Math.sin(a1));
      expected.push(3 * Math.cos(a0) + 1 * Math.sin(a0), 4 * Math.cos(a1) + 2 * Math.sin(a1));
    }
    expected.forEach((v, i) => expect(y[i]).toBeCloseTo(v, 5));
  });

  it("is the identity at position 0 and preserves norms", () => {
    const x = randomTensor([2, 3, 4, 6], 1, -1, 1, false);
    const y = noGrad(() => rotary(x, 0));
    expect(Array.from(y.data.subarray(0, 6))).toEqual(Array.from(x.data.subarray(0, 6)));
    for (let row = 0; row < 24; row++) {
      const norm = (d: Float32Array) => Math.hypot(...d.subarray(row * 6, row * 6 + 6));
      expect(norm(y.data)).toBeCloseTo(norm(x.data), 5);
    }
  });

  it("makes q_m·k_n depend only on m − n (relative positions)", () => {
    const q = randomTensor([1, 1, 1, 8], 2, -1, 1, false);
    const k = randomTensor([1, 1, 1, 8], 3, -1, 1, false);
    const dot = (m: number, n: number) => {
      const a = rotary(q, m).data;
      const b = rotary(k, n).data;
      return a.reduce((s, v, i) => s + v * b[i], 0);
    };
    noGrad(() => {
      expect(dot(5, 2)).toBeCloseTo(dot(3, 0), 5);
      expect(dot(9, 9)).toBeCloseTo(dot(0, 0), 5);
      expect(dot(5, 2)).not.toBeCloseTo(dot(5, 3), 3);
    });
  });

  it("offset p equals rows p.. of a longer sequence (what a KV cache relies on)", () => {
    const x = randomTensor([1, 2, 5, 4], 4, -1, 1, false);
    const full = noGrad(() => rotary(x, 0)).data;
    // Row t = 3 of each head alone, at offset 3.
    for (let h = 0; h < 2; h++) {
      const row = tensor(x.data.slice((h * 5 + 3) * 4, (h * 5 + 4) * 4), [1, 1, 1, 4]);
      expect(Array.from(noGrad(() => rotary(row, 3)).data)).toEqual(Array.from(full.subarray((h * 5 + 3) * 4, (h * 5 + 4) * 4)));
    }
  });

  it("backward matches finite differences", () => {
    const result = checkGradients(([x]) => rotary(x, 3), [randomTensor([2, 2, 3, 6], 5)]);
    expect(result.largestGradient).toBeGreaterThan(0.1);
    expect(result.worst).toBeLessThanOrEqual(1);
  });

  it("rejects odd head sizes, other ranks and bad offsets", () => {
    expectBug(() => rotary(randomTensor([1, 1, 2, 3], 1), 0), /rotary expects x/);
    expectBug(() => rotary(randomTensor([2, 4], 1), 0), /rotary expects x/);
    expectBug(() => rotary(randomTensor([1, 1, 2, 4], 1), -1), /positionOffset/);
    expectBug(() => rotary(randomTensor([1, 1, 2, 4], 1), 1.5), /positionOffset/);
  });
});
