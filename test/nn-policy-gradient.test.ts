import { describe, expect, it } from "vitest";
import { gae, ppoClipObjective } from "../src/nn/policy-gradient.js";

const close = (actual: Float64Array, expected: number[]) => expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 12));

describe("gae (Schulman et al. 2016)", () => {
  it("matches the explicit sum A_t = Σ_l (γλ)^l δ_{t+l}, cut after a done", () => {
    // /usr/bin/python3, a plain loop over that sum (not the recursion): γ = 0.9, λ = 0.8, done at t = 2
    const { advantages, returns } = gae([1, 0, 2, -1, 0.5], [0.5, 1, -0.5, 2, 0, 1.5], [0, 0, 1, 0, 0], 0.9, 0.8);
    close(advantages, [1.652, 0.35, 2.5, -1.668, 1.85]);
    close(returns, [2.152, 1.35, 2.0, 0.332, 1.85]);
  });

  it("λ = 1 is the discounted return (bootstrapped with the last value) minus V_t", () => {
    // Σ_u 0.5^(u−t) r_u + 0.5^(3−t)·V_3 − V_t, by hand: [2.75, 4.25, 6]
    close(gae([1, 2, 3], [0.5, 0.25, -1, 4], [0, 0, 0], 0.5, 1).advantages, [2.75, 4.25, 6]);
  });

  it("λ = 0 is the one-step TD error", () => {
    // δ = [1 + 0.5·0.25 − 0.5, 2 + 0.5·(−1) − 0.25, 3 + 0.5·4 + 1]
    close(gae([1, 2, 3], [0.5, 0.25, -1, 4], [0, 0, 0], 0.5, 0).advantages, [0.625, 1.25, 6]);
  });
});

describe("ppoClipObjective (Schulman et al. 2017)", () => {
  it("matches PyTorch's mean(min(ρA, clamp(ρ, 1−ε, 1+ε)A))", () => {
    // /usr/bin/python3, float64: new = [0.5, −0.5, 0.1, −0.3], old = 0, A = [1, −2, 0.5, 3], ε = 0.2 → 0.5937600302707444
    expect(ppoClipObjective([0.5, -0.5, 0.1, -0.3], [0, 0, 0, 0], [1, -2, 0.5, 3], 0.2)).toBeCloseTo(0.5937600302707444, 12);
  });

  it("is pessimistic: clipped where clipping lowers the objective, unclipped where it would raise it", () => {
    // A < 0, ρ = 0.5 < 1 − ε: min(−0.5, −0.8) = −0.8 (clip binds); A < 0, ρ = 2: min(−2, −1.2) = −2 (no clip)
    expect(ppoClipObjective([Math.log(0.5)], [0], [-1], 0.2)).toBeCloseTo(-0.8, 12);
    expect(ppoClipObjective([Math.log(2)], [0], [-1], 0.2)).toBeCloseTo(-2, 12);
    expect(ppoClipObjective([Math.log(2)], [0], [1], 0.2)).toBeCloseTo(1.2, 12);
  });
});
