import { describe, expect, it } from "vitest";
import { createRng } from "../src/stats/prng.js";
import { kernels, setKernels, typescriptKernels, type Kernels } from "../src/tensor/kernels.js";
import { matmulBlocked, matmulReference } from "../src/tensor/matmul-kernel.js";

function random(length: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => rng.nextFloat() * 2 - 1);
}

describe("matmul kernels", () => {
  it("reference matmul on a worked 2×3·3×2 example", () => {
    // [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
    const out = new Float32Array(4);
    matmulReference(out, Float32Array.of(1, 2, 3, 4, 5, 6), Float32Array.of(7, 8, 9, 10, 11, 12), 2, 3, 2);
    expect(Array.from(out)).toEqual([58, 64, 139, 154]);
  });

  it("blocked agrees with the reference on odd sizes and every transpose/accumulate combination", () => {
    const sizes = [1, 3, 5, 17, 63];
    let seed = 0;
    let worst = 0;
    for (const m of sizes) {
      for (const k of sizes) {
        for (const n of sizes) {
          for (const transA of [false, true]) {
            for (const transB of [false, true]) {
              for (const accumulate of [false, true]) {
                const a = random(m * k, seed++);
                const b = random(k * n, seed++);
                const start = random(m * n, seed++);
                const expected = start.slice();
                const actual = start.slice();
                matmulReference(expected, a, b, m, k, n, { transA, transB, accumulate });
                matmulBlocked(actual, a, b, m, k, n, { transA, transB, accumulate });
                for (let i = 0; i < expected.length; i++) {
                  worst = Math.max(worst, Math.abs(expected[i] - actual[i]) / (1 + Math.abs(expected[i])));
                }
              }
            }
          }
        }
      }
    }
    // Both accumulate in float64 and round once, so they agree to float32 rounding.
    expect(worst).toBeLessThan(1e-6);
  });

  it("transposed operands mean what they say", () => {
    // A = [[1,2],[3,4]] stored transposed is [1,3,2,4]; A·I = A.
    const out = new Float32Array(4);
    matmulBlocked(out, Float32Array.of(1, 3, 2, 4), Float32Array.of(1, 0, 0, 1), 2, 2, 2, { transA: true });
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
    matmulBlocked(out, Float32Array.of(1, 0, 0, 1), Float32Array.of(1, 3, 2, 4), 2, 2, 2, { transB: true });
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
  });

  it("k = 0 gives zeros (or leaves out unchanged when accumulating)", () => {
    const out = Float32Array.of(5, 5);
    matmulBlocked(out, new Float32Array(0), new Float32Array(0), 1, 0, 2, { accumulate: true });
    expect(Array.from(out)).toEqual([5, 5]);
    matmulBlocked(out, new Float32Array(0), new Float32Array(0), 1, 0, 2);
    expect(Array.from(out)).toEqual([0, 0]);
  });

  it("the backend can be replaced and restored", () => {
    let calls = 0;
    const counting: Kernels = { ...typescriptKernels, matmul: (...args) => { calls++; matmulReference(...args); } };
    const previous = setKernels(counting);
    expect(previous).toBe(typescriptKernels);
    kernels().matmul(new Float32Array(1), Float32Array.of(2), Float32Array.of(3), 1, 1, 1);
    setKernels(previous);
    expect(calls).toBe(1);
    expect(kernels()).toBe(typescriptKernels);
  });
});
