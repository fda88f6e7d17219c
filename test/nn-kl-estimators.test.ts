import { describe, expect, it } from "vitest";
import { createRng } from "../src/stats/prng.js";
import { discreteKl, klEstimators } from "../src/nn/kl-estimators.js";

describe("klEstimators (Schulman 2020)", () => {
  it("matches PyTorch's −r, r²/2 and expm1(r) − r", () => {
    // /usr/bin/python3, float64: r = [−1.5+1, −1+2, −0.5+0.5] = [−0.5, 1, 0]
    const { k1, k2, k3 } = klEstimators([-1, -2, -0.5], [-1.5, -1, -0.5]);
    [0.5, -1, -0].forEach((v, i) => expect(k1[i]).toBeCloseTo(v, 14));
    [0.125, 0.5, 0].forEach((v, i) => expect(k2[i]).toBeCloseTo(v, 14));
    [0.10653065971263342, 0.7182818284590453, 0].forEach((v, i) => expect(k3[i]).toBeCloseTo(v, 14));
  });

  it("k1 and k3 average to the exact KL over many samples from q", () => {
    // q = [0.5, 0.3, 0.2], p uniform: draw 200,000 samples from q and compare the means with discreteKl.
    const q = [0.5, 0.3, 0.2];
    const p = [1 / 3, 1 / 3, 1 / 3];
    const rng = createRng(3);
    const logq: number[] = [];
    const logp: number[] = [];
    for (let s = 0; s < 200_000; s++) {
      const u = rng.nextFloat();
      const x = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
      logq.push(Math.log(q[x]));
      logp.push(Math.log(p[x]));
    }
    const { k1, k3 } = klEstimators(logq, logp);
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const exact = discreteKl(q, p);
    expect(mean(k1)).toBeCloseTo(exact, 2);
    expect(mean(k3)).toBeCloseTo(exact, 2);
  });
});

describe("discreteKl", () => {
  it("matches torch.distributions.kl_divergence of two Categoricals, with 0·log 0 = 0", () => {
    // /usr/bin/python3: kl_divergence(Categorical(probs=[0.5, 0.3, 0.2, 0]), Categorical(probs=[0.25]*4)) = 0.356641347055317
    expect(discreteKl([0.5, 0.3, 0.2, 0], [0.25, 0.25, 0.25, 0.25])).toBeCloseTo(0.356641347055317, 13);
  });

  it("is +∞ where p is 0 and q is not, and 0 for equal distributions", () => {
    expect(discreteKl([0.5, 0.5], [1, 0])).toBe(Infinity);
    expect(discreteKl([0.2, 0.8], [0.2, 0.8])).toBe(0);
  });
});
