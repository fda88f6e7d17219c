import { describe, expect, it } from "vitest";
import { tokenLogProbs } from "../src/tensor/token-log-probs.js";
import { checkGradients, randomTensor } from "./tensor-gradcheck.js";

describe("tokenLogProbs", () => {
  it("gives log softmax at each row's target and 0 on ignored rows", () => {
    // Row 0: logits [0, ln 3] → p = [1/4, 3/4], target 1: ln 0.75. Row 1 ignored. Row 2: [ln 2, 0] target 0: ln(2/3).
    const logits = { data: Float32Array.of(0, Math.log(3), 5, -5, Math.log(2), 0), shape: [3, 2], grad: null, requiresGrad: false };
    const out = tokenLogProbs(logits, [1, -1, 0], -1);
    expect(out.shape).toEqual([3]);
    expect(out.data[0]).toBeCloseTo(Math.log(0.75), 6);
    expect(out.data[1]).toBe(0);
    expect(out.data[2]).toBeCloseTo(Math.log(2 / 3), 6);
  });

  it("sends g·(onehot − softmax) back, and nothing from ignored rows (finite differences)", () => {
    const result = checkGradients(([z]) => tokenLogProbs(z, [2, -1, 0, 4], -1), [randomTensor([4, 5], 11, -2, 2)]);
    expect(result.worst).toBeLessThanOrEqual(1);
    expect(result.largestGradient).toBeGreaterThan(0.05);
  });

  it("rejects a target outside the vocabulary", () => {
    const logits = randomTensor([1, 3], 1);
    expect(() => tokenLogProbs(logits, [3], -1)).toThrow(/outside \[0, 3\)/);
  });
});
