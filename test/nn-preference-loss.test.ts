import { describe, expect, it } from "vitest";
import { bradleyTerryLoss, dpoLoss, logSigmoid } from "../src/nn/preference-loss.js";

describe("logSigmoid", () => {
  it("is log(1 / (1 + e^-z)) where that is finite, and -z for very negative z", () => {
    for (const z of [-30, -1, 0, 0.5, 30]) expect(logSigmoid(z)).toBeCloseTo(Math.log(1 / (1 + Math.exp(-z))), 12);
    expect(logSigmoid(0)).toBe(-Math.log(2));
    expect(logSigmoid(-1e4)).toBe(-1e4); // the naive form gives log(0) = -inf here
    expect(logSigmoid(1e4)).toBe(-0);
  });
});

describe("bradleyTerryLoss (Ouyang et al. 2022)", () => {
  it("matches PyTorch's -logsigmoid(chosen - rejected).mean() and (margin > 0).mean()", () => {
    // /usr/bin/python3: m = tensor([2., 0., -2., -800.], dtype=float64);
    // (-F.logsigmoid(m)).mean() = 200.73675080066147, (m > 0).double().mean() = 0.25
    const { loss, accuracy } = bradleyTerryLoss([2, 0, -1, -800], [0, 0, 1, 0]);
    expect(loss).toBeCloseTo(200.73675080066147, 10);
    expect(accuracy).toBe(0.25); // the tie (margin 0) counts as wrong, as in TRL's RewardTrainer
  });

  it("is log 2 with accuracy 0 when every pair ties, and the loss falls as the margin grows", () => {
    // a tie: −log σ(0) = log 2, and dloss/dr_c = −σ(0)/N = −1/4 for N = 2
    expect(bradleyTerryLoss([3, -1], [3, -1])).toEqual({
      loss: Math.log(2),
      accuracy: 0,
      gradChosen: new Float64Array([-0.25, -0.25]),
      gradRejected: new Float64Array([0.25, 0.25]),
    });
    expect(bradleyTerryLoss([1], [0]).loss).toBeGreaterThan(bradleyTerryLoss([2], [0]).loss);
  });
});

describe("bradleyTerryLoss gradients", () => {
  it("are dloss/dr_c = −σ(−z)/N and dloss/dr_r = +σ(−z)/N, by hand", () => {
    // z = 2 and z = −800 over N = 2: σ(−2) = 1/(1 + e²); σ(800) = 1 in float64
    const { gradChosen, gradRejected } = bradleyTerryLoss([2, -800], [0, 0]);
    const sigmaMinus2 = 1 / (1 + Math.exp(2));
    expect(gradChosen[0]).toBeCloseTo(-sigmaMinus2 / 2, 15);
    expect(gradRejected[0]).toBeCloseTo(sigmaMinus2 / 2, 15);
    expect(gradChosen[1]).toBe(-0.5);
    expect(gradRejected[1]).toBe(0.5);
  });

  it("match central finite differences of the loss", () => {
    const chosen = [0.7, -1.3, 2.2];
    const rejected = [0.1, 0.4, -3];
    const step = 1e-6;
    const { gradChosen, gradRejected } = bradleyTerryLoss(chosen, rejected);
    const shifted = (which: number[], i: number, by: number) => which.map((v, j) => (j === i ? v + by : v));
    for (let i = 0; i < chosen.length; i++) {
      const dChosen = (bradleyTerryLoss(shifted(chosen, i, step), rejected).loss - bradleyTerryLoss(shifted(chosen, i, -step), rejected).loss) / (2 * step);
      const dRejected = (bradleyTerryLoss(chosen, shifted(rejected, i, step)).loss - bradleyTerryLoss(chosen, shifted(rejected, i, -step)).loss) / (2 * step);
      expect(gradChosen[i]).toBeCloseTo(dChosen, 8);
      expect(gradRejected[i]).toBeCloseTo(dRejected, 8);
    }
  });
});

describe("dpoLoss (Rafailov et al. 2023, TRL's sigmoid loss)", () => {
  it("matches PyTorch on the formula of TRL's DPOTrainer", () => {
    // /usr/bin/python3, float64: h = 0.1 * ((pc - rc) - (pr - rr)); (-F.logsigmoid(h)).mean() = 0.6298083064410429;
    // chosen rewards 0.1 * (pc - rc) = [0.1, 0.1, -0.1], rejected 0.1 * (pr - rr) = [-0.1, 0.1, -0.3]
    const out = dpoLoss({ policyChosen: [-10, -20, -5], policyRejected: [-12, -18, -9], referenceChosen: [-11, -21, -4], referenceRejected: [-11, -19, -6] }, 0.1);
    expect(out.loss).toBeCloseTo(0.6298083064410429, 12);
    [0.1, 0.1, -0.1].forEach((v, i) => expect(out.chosenRewards[i]).toBeCloseTo(v, 12));
    [-0.1, 0.1, -0.3].forEach((v, i) => expect(out.rejectedRewards[i]).toBeCloseTo(v, 12));
  });

  it("is log 2 with zero rewards when the policy is the reference, whatever beta", () => {
    const same = { policyChosen: [-3, -7], policyRejected: [-9, -1], referenceChosen: [-3, -7], referenceRejected: [-9, -1] };
    for (const beta of [0.1, 2]) {
      const out = dpoLoss(same, beta);
      expect(out.loss).toBeCloseTo(Math.log(2), 14);
      expect(Array.from(out.chosenRewards)).toEqual([0, 0]);
    }
  });

  it("stays finite for a margin of -1e4: the loss is then beta times the margin's size", () => {
    const out = dpoLoss({ policyChosen: [-1e4], policyRejected: [0], referenceChosen: [0], referenceRejected: [0] }, 1);
    expect(out.loss).toBe(1e4);
  });
});
