import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { expectBug } from "./bug-error.js";
import { adamw, adamwStep, exportAdamWState, importAdamWState } from "../src/optim/adamw.js";
import { createRng } from "../src/stats/prng.js";
import { cloneParams, gptLikeParams, param, randomGrads } from "./optim-helpers.js";

describe("AdamW worked example", () => {
  it("matches two steps worked by hand on a 2-element weight", () => {
    // θ = [1, -2] with shape [1, 2] (2-D, so it decays); lr 0.1, β1 0.9, β2 0.999, ε 1e-8, λ 0.1.
    // Step 1, g = [0.5, -0.25]:
    //   θ ← 0.99·θ = [0.99, -1.98]
    //   m = 0.1·g = [0.05, -0.025]          v = 0.001·g² = [2.5e-4, 6.25e-5]
    //   m̂ = m/0.1 = g                        v̂ = v/0.001 = g² -> √v̂ = [0.5, 0.25]
    //   θ ← θ - 0.1·m̂/(√v̂ + ε) = [0.99 - 0.1, -1.98 + 0.1] = [0.89, -1.88]  (± 4e-9 from ε)
    // Step 2, g = [-0.5, 0.5]:
    //   θ ← 0.99·θ = [0.8811, -1.8612]
    //   m = 0.9·m + 0.1·g = [-0.005, 0.0275]    v = 0.999·v + 0.001·g² = [4.9975e-4, 3.124375e-4]
    //   m̂ = m/(1 - 0.81) = [-0.0263158, 0.1447368]   v̂ = v/(1 - 0.998001) = [0.25, 0.1562969]
    //   θ ← θ - 0.1·m̂/(√v̂ + ε) = [0.8811 + 0.0052632, -1.8612 - 0.0366104] = [0.8863632, -1.8978104]
    const w = param("w", [1, 2], [1, -2]);
    const opt = adamw([w], { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 });

    w.grad.set([0.5, -0.25]);
    adamwStep(opt);
    expect(opt.step).toBe(1);
    expect(Array.from(opt.m[0])).toEqual([Math.fround(0.05), Math.fround(-0.025)]);
    expect(opt.v[0][0]).toBeCloseTo(2.5e-4, 10);
    expect(opt.v[0][1]).toBeCloseTo(6.25e-5, 10);
    expect(w.data[0]).toBeCloseTo(0.89, 6);
    expect(w.data[1]).toBeCloseTo(-1.88, 6);

    w.grad.set([-0.5, 0.5]);
    adamwStep(opt);
    expect(w.data[0]).toBeCloseTo(0.8863632, 6);
    expect(w.data[1]).toBeCloseTo(-1.8978104, 6);
  });

  it("the first step moves every element by lr against its gradient's sign (bias correction)", () => {
    // At t = 1: m̂ = g and √v̂ = |g|, so the update is lr·g/(|g| + ε) ≈ lr·sign(g), whatever |g|.
    const b = param("b", [4], [0, 0, 0, 0]);
    // ε shows only where |g| is small: g = 1e-3 moves by 0.01·1e-3/(1e-3 + 1e-8) = 0.0099999.
    const grads = [1e-3, -7, 250, -0.5];
    b.grad.set(grads);
    adamwStep(adamw([b], { lr: 0.01 }));
    grads.forEach((g, j) => expect(b.data[j]).toBeCloseTo((-0.01 * g) / (Math.abs(g) + 1e-8), 9));
    expect(b.data[0]).not.toBeCloseTo(-0.01, 7);
    expect(b.data[1]).toBeCloseTo(0.01, 9);
  });

  it("applies weight decay to 2-D+ parameters only (nanoGPT's groups)", () => {
    // With zero gradients m = v = 0, so only the decay θ ← (1 - lr·λ)·θ moves anything.
    const weight = param("w", [2, 2], [1, 2, 3, 4]);
    const weight3d = param("w3", [2, 1, 1], [1, -1]);
    const bias = param("b", [2], [1, 2]);
    const scalar = param("s", [], [5]);
    const opt = adamw([weight, weight3d, bias, scalar], { lr: 0.5, weightDecay: 0.1 });
    adamwStep(opt);
    expect(Array.from(weight.data)).toEqual([0.95, 1.9, 2.85, 3.8].map(Math.fround));
    expect(Array.from(weight3d.data)).toEqual([0.95, -0.95].map(Math.fround));
    expect(Array.from(bias.data)).toEqual([1, 2]);
    expect(Array.from(scalar.data)).toEqual([5]);
  });

  it("uses the lr passed to the step over the default", () => {
    const a = param("a", [1], [0]);
    a.grad[0] = 3;
    const opt = adamw([a], { lr: 1 });
    adamwStep(opt, 0.25);
    expect(a.data[0]).toBeCloseTo(-0.25, 6);
    adamwStep(opt, 0); // lr 0: moments advance, θ stays
    expect(a.data[0]).toBeCloseTo(-0.25, 6);
    expect(opt.step).toBe(2);
  });
});

describe("AdamW state export and import", () => {
  it("5 steps + export + import into a fresh optimizer + 5 steps == 10 uninterrupted, bit for bit", () => {
    const options = { lr: 3e-3, beta1: 0.9, beta2: 0.95, weightDecay: 0.1 };
    const gradsFor = (step: number, params: ReturnType<typeof gptLikeParams>): void =>
      randomGrads(params, createRng(1000 + step), 0.1 * (step + 1));

    const straight = gptLikeParams(1);
    const resumedStart = cloneParams(straight);
    const optStraight = adamw(straight, options);
    for (let s = 0; s < 10; s++) {
      gradsFor(s, straight);
      adamwStep(optStraight, options.lr * (1 - s / 20));
    }

    const first = adamw(resumedStart, options);
    for (let s = 0; s < 5; s++) {
      gradsFor(s, resumedStart);
      adamwStep(first, options.lr * (1 - s / 20));
    }
    // A checkpoint: the weights and the optimizer state as plain data, then a fresh process.
    const saved = exportAdamWState(first);
    const weights = cloneParams(resumedStart);
    const second = adamw(weights, options);
    importAdamWState(second, saved);
    expect(second.step).toBe(5);
    for (let s = 5; s < 10; s++) {
      gradsFor(s, weights);
      adamwStep(second, options.lr * (1 - s / 20));
    }

    straight.forEach((p, i) => {
      expect(Buffer.from(weights[i].data.buffer).equals(Buffer.from(p.data.buffer)), p.name).toBe(true);
      expect(Buffer.from(second.m[i].buffer).equals(Buffer.from(optStraight.m[i].buffer))).toBe(true);
      expect(Buffer.from(second.v[i].buffer).equals(Buffer.from(optStraight.v[i].buffer))).toBe(true);
    });
  });

  it("exports copies keyed by name, unaffected by later steps", () => {
    const a = param("a", [2, 1], [1, 2]);
    a.grad.set([1, 1]);
    const opt = adamw([a]);
    adamwStep(opt);
    const saved = exportAdamWState(opt);
    const m0 = saved.m.a.slice();
    adamwStep(opt);
    expect(Object.keys(saved.m)).toEqual(["a"]);
    expect(saved.m.a).toEqual(m0);
    expect(saved.step).toBe(1);
  });

  it("rejects state that does not fit, changing nothing", () => {
    const opt = adamw([param("a", [2], [1, 2])]);
    const good = exportAdamWState(opt);
    const bad = [
      { ...good, step: -1 },
      { ...good, step: 1.5 },
      { ...good, m: { a: new Float32Array(3) } },
      { ...good, v: { a: new Float32Array(2), b: new Float32Array(2) } },
      { ...good, m: {} },
      { ...good, v: { a: [0, 0] as unknown as Float32Array } },
    ];
    for (const state of bad) expect(() => importAdamWState(opt, state)).toThrow(InputError);
    expect(opt.step).toBe(0);
  });
});

describe("AdamW arguments", () => {
  it("rejects bad options and step lr with InputError, malformed parameters as a bug", () => {
    const ok = (): ReturnType<typeof param> => param("a", [2], [1, 2]);
    for (const options of [{ lr: -1 }, { lr: NaN }, { beta1: 1 }, { beta2: -0.1 }, { eps: -1e-8 }, { weightDecay: Infinity }]) {
      expect(() => adamw([ok()], options), JSON.stringify(options)).toThrow(InputError);
    }
    expectBug(() => adamw([ok(), ok()]), /used by two parameters/);
    expectBug(() => adamw([{ ...ok(), grad: new Float32Array(3) }]), /grad of "a" must be a Float32Array of length 2/);
    expectBug(() => adamw([{ ...ok(), shape: [3] }]), /data of "a" must be a Float32Array of length 3/);
    expectBug(() => adamw([{ ...ok(), data: [1, 2] as unknown as Float32Array }]), /data of "a" must be a Float32Array/);
    expectBug(() => adamw([{ ...ok(), name: "" }]), /name must be a non-empty string/);
    const opt = adamw([ok()]);
    expect(() => adamwStep(opt, NaN)).toThrow(InputError);
    expect(() => adamwStep(opt, -1e-3)).toThrow(InputError);
    expect(opt.step).toBe(0);
  });
});
