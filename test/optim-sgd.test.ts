import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { exportSgdState, importSgdState, sgd, sgdStep } from "../src/optim/sgd.js";
import { createRng } from "../src/stats/prng.js";
import { cloneParams, gptLikeParams, param, randomGrads } from "./optim-helpers.js";

/** θ after three steps from θ = 1 with g = 1 each time, lr 0.1. */
function threeSteps(options: { momentum?: number; nesterov?: boolean }): number[] {
  const p = param("p", [1], [1]);
  p.grad[0] = 1;
  const opt = sgd([p], { lr: 0.1, ...options });
  const trace: number[] = [];
  for (let s = 0; s < 3; s++) {
    sgdStep(opt);
    trace.push(p.data[0]);
  }
  return trace;
}

describe("SGD worked examples (θ = 1, g = 1 at every step, lr 0.1)", () => {
  it("plain SGD: θ ← θ - 0.1", () => {
    threeSteps({}).forEach((v, i) => expect(v).toBeCloseTo([0.9, 0.8, 0.7][i], 6));
  });

  it("momentum 0.9: b = 1, 1.9, 2.71 -> θ = 0.9, 0.71, 0.439", () => {
    threeSteps({ momentum: 0.9 }).forEach((v, i) => expect(v).toBeCloseTo([0.9, 0.71, 0.439][i], 6));
  });

  it("Nesterov 0.9: d = g + 0.9·b = 1.9, 2.71, 3.439 -> θ = 0.81, 0.539, 0.1951", () => {
    threeSteps({ momentum: 0.9, nesterov: true }).forEach((v, i) => expect(v).toBeCloseTo([0.81, 0.539, 0.1951][i], 6));
  });

  it("applies no weight decay: zero gradients leave every parameter unchanged", () => {
    const params = gptLikeParams(3);
    const before = cloneParams(params);
    sgdStep(sgd(params, { lr: 1, momentum: 0.9 }));
    params.forEach((p, i) => expect(p.data).toEqual(before[i].data));
  });
});

describe("SGD state", () => {
  it("5 steps + export + import + 5 steps == 10 uninterrupted, bit for bit", () => {
    const options = { lr: 0.01, momentum: 0.9, nesterov: true };
    const straight = gptLikeParams(2);
    const resumed = cloneParams(straight);
    const a = sgd(straight, options);
    for (let s = 0; s < 10; s++) {
      randomGrads(straight, createRng(s));
      sgdStep(a);
    }
    const first = sgd(resumed, options);
    for (let s = 0; s < 5; s++) {
      randomGrads(resumed, createRng(s));
      sgdStep(first);
    }
    const weights = cloneParams(resumed);
    const second = sgd(weights, options);
    importSgdState(second, exportSgdState(first));
    for (let s = 5; s < 10; s++) {
      randomGrads(weights, createRng(s));
      sgdStep(second);
    }
    straight.forEach((p, i) => expect(Buffer.from(weights[i].data.buffer).equals(Buffer.from(p.data.buffer))).toBe(true));
    expect(second.step).toBe(10);
  });

  it("rejects bad options, step lr and state with InputError", () => {
    const p = (): ReturnType<typeof param> => param("p", [2], [1, 2]);
    expect(() => sgd([p()], { nesterov: true })).toThrow(/nesterov needs momentum/);
    expect(() => sgd([p()], { momentum: 1 })).toThrow(InputError);
    expect(() => sgd([p()], { lr: -0.1 })).toThrow(InputError);
    const opt = sgd([p()], { momentum: 0.5 });
    expect(() => sgdStep(opt, Infinity)).toThrow(InputError);
    expect(() => importSgdState(opt, { step: 1, momentum: { q: new Float32Array(2) } })).toThrow(InputError);
    expect(() => importSgdState(opt, { step: 1, momentum: { p: new Float32Array(1) } })).toThrow(InputError);
    expect(opt.step).toBe(0);
  });
});
