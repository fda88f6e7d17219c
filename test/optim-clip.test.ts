import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { expectBug } from "./bug-error.js";
import { clipGradNorm, gradNorm } from "../src/optim/clip.js";
import { createRng } from "../src/stats/prng.js";
import { gptLikeParams, param, randomGrads } from "./optim-helpers.js";

describe("clipGradNorm", () => {
  it("scales grads [3] and [4] (global norm 5) to norm 1 and returns 5", () => {
    const a = param("a", [1], [0]);
    const b = param("b", [1, 1], [0]);
    a.grad[0] = 3;
    b.grad[0] = 4;
    expect(clipGradNorm([a, b], 1)).toBe(5);
    // coef = 1/(5 + 1e-6): grads [0.6, 0.8]·(1 - 2e-7)
    expect(a.grad[0]).toBeCloseTo(0.6, 6);
    expect(b.grad[0]).toBeCloseTo(0.8, 6);
    expect(gradNorm([a, b])).toBeLessThan(1);
  });

  it("adds torch's 1e-6 to the norm before dividing, which matters for small gradients", () => {
    const a = param("a", [2], [0, 0]);
    a.grad.set([6e-6, 8e-6]); // norm 1e-5
    clipGradNorm([a], 5e-6);
    // coef = 5e-6 / (1e-5 + 1e-6) = 5/11 (without the 1e-6 it would be 1/2)
    expect(a.grad[0] / Math.fround(6e-6)).toBeCloseTo(5 / 11, 6);
    expect(a.grad[1] / Math.fround(8e-6)).toBeCloseTo(5 / 11, 6);
  });

  it("leaves grads whose norm is below maxNorm unchanged", () => {
    const a = param("a", [2], [0, 0]);
    a.grad.set([0.3, -0.4]);
    expect(clipGradNorm([a], 0.6)).toBeCloseTo(0.5, 7);
    expect(Array.from(a.grad)).toEqual([Math.fround(0.3), Math.fround(-0.4)]);
    const zero = param("z", [3]);
    expect(clipGradNorm([zero], 1)).toBe(0); // coef = 1/1e-6 clamps to 1
    expect(Array.from(zero.grad)).toEqual([0, 0, 0]);
  });

  it("property: after clipping the global norm is min(norm, ~maxNorm) and directions are kept", () => {
    for (let seed = 0; seed < 20; seed++) {
      const rng = createRng(seed);
      const params = gptLikeParams(seed);
      randomGrads(params, rng, 10 ** (rng.nextFloat() * 4 - 2));
      const before = params.map((p) => p.grad.slice());
      const maxNorm = 0.5 + rng.nextFloat();
      const norm = clipGradNorm(params, maxNorm);
      // norm agrees with a float64 sum over the concatenated grads
      const expected = Math.sqrt(before.reduce((s, g) => s + g.reduce((t, x) => t + x * x, 0), 0));
      expect(norm).toBeCloseTo(expected, 10);
      const after = gradNorm(params);
      if (norm > maxNorm) {
        expect(Math.abs(after - maxNorm) / maxNorm).toBeLessThan(1e-5);
        const coef = params[0].grad[0] / before[0][0];
        params.forEach((p, i) => p.grad.forEach((g, j) => expect(g).toBeCloseTo(before[i][j] * coef, 6)));
      } else {
        params.forEach((p, i) => expect(p.grad).toEqual(before[i]));
      }
    }
  });

  it("returns a non-finite norm and leaves the grads as they are", () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const a = param("a", [2], [0, 0]);
      const b = param("b", [2, 1], [0, 0]);
      a.grad.set([1, bad]);
      b.grad.set([5, 6]);
      const norm = clipGradNorm([a, b], 1);
      expect(Number.isFinite(norm)).toBe(false);
      expect(Number.isNaN(norm)).toBe(Number.isNaN(bad));
      expect(Array.from(b.grad)).toEqual([5, 6]);
      expect(a.grad[0]).toBe(1);
    }
  });

  it("rejects a maxNorm that is not a positive finite number", () => {
    const a = param("a", [1], [0]);
    for (const maxNorm of [0, -1, NaN, Infinity]) expect(() => clipGradNorm([a], maxNorm)).toThrow(InputError);
    expectBug(() => clipGradNorm([{ ...a, grad: new Float32Array(2) }], 1), /grad of "a" must be a Float32Array of length 1/); // a malformed parameter is a bug
  });
});
