import { describe, expect, it } from "vitest";
import { grpoAdvantages } from "../src/nn/grpo-advantages.js";

describe("grpoAdvantages (Shao et al. 2024, TRL's scale_rewards='group')", () => {
  it("matches PyTorch's (R − R.mean(1)) / (R.std(1) + 1e-4), unbiased std, per group", () => {
    // /usr/bin/python3, float64, R = [[1,0,0,1,1], [0.3,0.7,0.2,0.9,0.5], [2,2,2,2,2]]
    const expected = [
      0.7301634343456694, -1.095245151518504, -1.095245151518504, 0.7301634343456694, 0.7301634343456694, -0.7680051263227711, 0.6283678306277215,
      -1.117098365560394, 1.3265543091029681, -0.06981864784752469, 0, 0, 0, 0, 0,
    ];
    const actual = grpoAdvantages([1, 0, 0, 1, 1, 0.3, 0.7, 0.2, 0.9, 0.5, 2, 2, 2, 2, 2], 5);
    expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 12));
  });

  it("gives ±1/√2 (up to eps) for a group of two", () => {
    // mean 0.5, sample std √0.5: (±0.5) / √0.5 = ±1/√2
    const [a, b] = grpoAdvantages([1, 0], 2, 0);
    expect(a).toBeCloseTo(Math.SQRT1_2, 14);
    expect(b).toBeCloseTo(-Math.SQRT1_2, 14);
  });
});
