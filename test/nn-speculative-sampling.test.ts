import { describe, expect, it } from "vitest";
import { acceptanceProbability, residualDistribution, verifyDraftToken } from "../src/nn/speculative-sampling.js";

/**
 * The distribution of the token that verification outputs, when the draft token x is drawn
 * from q: Σ_x q[x]·α(x)·δ_x (accepted) + (1 − Σ_x q[x]·α(x))·residual (rejected).
 */
function outputDistribution(p: number[], q: number[]): number[] {
  const accepted = q.map((qx, x) => (qx > 0 ? qx * acceptanceProbability(p, q, x) : 0));
  const rejected = 1 - accepted.reduce((a, b) => a + b, 0);
  const residual = residualDistribution(p, q);
  return accepted.map((a, y) => a + rejected * residual[y]);
}

const expectClose = (actual: ArrayLike<number>, expected: number[]) => expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 12));

describe("speculative sampling's verification", () => {
  it("reproduces the target distribution exactly", () => {
    // Accepted mass min(p, q) = [0.2, 0.3, 0.2]; rejections 0.3 land on the residual
    // max(0, p − q) / 0.3 = [1, 0, 0]: 0.2 + 0.3 = 0.5, 0.3, 0.2.
    expectClose(outputDistribution([0.5, 0.3, 0.2], [0.2, 0.5, 0.3]), [0.5, 0.3, 0.2]);
    // A token the target rules out: min(p, q) = [0.25, 0, 0.25, 0.25], rejections 0.25,
    // residual [0.15, 0, 0.1, 0] / 0.25 = [0.6, 0, 0.4, 0], adding [0.15, 0, 0.1, 0].
    const p = [0.4, 0, 0.35, 0.25];
    expectClose(residualDistribution(p, [0.25, 0.25, 0.25, 0.25]), [0.6, 0, 0.4, 0]);
    expectClose(outputDistribution(p, [0.25, 0.25, 0.25, 0.25]), p);
    // A draft that never proposes token 2 (q = 0 there): the residual carries all of its mass.
    expectClose(outputDistribution([0.3, 0.3, 0.4], [0.5, 0.5, 0]), [0.3, 0.3, 0.4]);
  });

  it("accepts with probability min(1, p[x] / q[x])", () => {
    const p = [0.5, 0.2, 0.3];
    const q = [0.2, 0.6, 0.2];
    expect(acceptanceProbability(p, q, 0)).toBe(1); // p > q: always accepted
    expect(acceptanceProbability(p, q, 1)).toBeCloseTo(1 / 3, 15);
    expect(verifyDraftToken(p, q, 1, 0.33, 0.6)).toEqual({ accepted: true, token: 1 });
    // Rejected (0.34 >= 1/3): the residual is [0.3, 0, 0.1] / 0.4 = [0.75, 0, 0.25].
    expect(verifyDraftToken(p, q, 1, 0.34, 0.6)).toEqual({ accepted: false, token: 0 });
    expect(verifyDraftToken(p, q, 1, 0.34, 0.8)).toEqual({ accepted: false, token: 2 });
    expect(verifyDraftToken(p, q, 0, 0.999, 0)).toEqual({ accepted: true, token: 0 });
  });

  it("never accepts a token the target gives probability 0, even for u = 0", () => {
    expect(verifyDraftToken([0.6, 0, 0.4], [0.3, 0.3, 0.4], 1, 0, 0.7)).toEqual({ accepted: false, token: 0 });
  });

  it("rejects a token the draft could not have proposed, and an empty residual", () => {
    expect(() => verifyDraftToken([0.5, 0.5], [1, 0], 1, 0.5, 0.5)).toThrow(/draft proposed token 1/);
    expect(() => residualDistribution([0.5, 0.5], [0.5, 0.5])).toThrow(/residual is empty/);
  });
});
