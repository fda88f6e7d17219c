import { describe, expect, it } from "vitest";
import { rlooAdvantages } from "../src/nn/rloo-advantages.js";

describe("rlooAdvantages (Ahmadian et al. 2024, TRL's RLOOTrainer)", () => {
  it("is each reward minus the mean of the other k − 1 in its group, by hand", () => {
    // [1, 0, 0, 0]: 1 − 0 = 1 and 0 − 1/3; all equal: 0.5 − 1.5/3 = 0;
    // [2, −1, 0.5, 3.5] (sum 5): 2 − 3/3 = 1, −1 − 6/3 = −3, 0.5 − 4.5/3 = −1, 3.5 − 1.5/3 = 3
    const expected = [1, -1 / 3, -1 / 3, -1 / 3, 0, 0, 0, 0, 1, -3, -1, 3];
    const actual = rlooAdvantages([1, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 2, -1, 0.5, 3.5], 4);
    expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 14));
  });

  it("matches PyTorch's R − (R.sum(1, keepdim=True) − R) / (k − 1), TRL's baseline", () => {
    // /tmp/torchenv/bin/python, float64, R = [[0.3, 0.7, 0.2, 0.9, 0.5], [1, 0, 0, 1, 1]]
    const expected = [-0.2750000000000001, 0.22499999999999992, -0.39999999999999997, 0.475, -0.025000000000000022, 0.5, -0.75, -0.75, 0.5, 0.5];
    const actual = rlooAdvantages([0.3, 0.7, 0.2, 0.9, 0.5, 1, 0, 0, 1, 1], 5);
    expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 14));
  });

  it("gives ±(a − b) for a group of two: the other sample is the whole baseline", () => {
    expect(Array.from(rlooAdvantages([3, 1], 2))).toEqual([2, -2]);
  });

  it("rejects groups of fewer than two and rewards that do not fill whole groups", () => {
    expect(() => rlooAdvantages([1, 2, 3], 1)).toThrow(/k >= 2/);
    expect(() => rlooAdvantages([1, 2, 3], 2)).toThrow(/k = 2 for 3 rewards/);
    expect(() => rlooAdvantages([1, 2, 3, 4], 1.5)).toThrow(/k >= 2/);
  });
});
