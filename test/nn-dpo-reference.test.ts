// dpoLoss and dpoMetrics against a PyTorch float64 transcription of TRL's DPOTrainer.dpo_loss
// (sigmoid with label smoothing 0 and 0.1, ipo) with autograd gradients, and the loss's
// properties worked out by hand.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dpoLoss, dpoMetrics, type DpoLossType, type DpoMetrics, type DpoOptions, type PreferenceLogProbs } from "../src/nn/preference-loss.js";

// Written by test/fixtures/make_dpo_reference.py.
interface DpoReferenceCase {
  name: string;
  beta: number;
  lossType: DpoLossType;
  labelSmoothing: number;
  inputs: Record<keyof PreferenceLogProbs, number[]>;
  loss: number;
  chosenRewards: number[];
  rejectedRewards: number[];
  grads: Record<keyof PreferenceLogProbs, number[]>;
  metrics: DpoMetrics;
}

const { cases } = JSON.parse(readFileSync(new URL("./fixtures/dpo_reference.json", import.meta.url), "utf8")) as { cases: DpoReferenceCase[] };

/** 12 decimal digits for values up to 1 in size, 12 significant digits beyond (losses of 800, rewards of 1e4). */
function expectClose(actual: number, expected: number): void {
  if (Math.abs(expected) <= 1) expect(actual).toBeCloseTo(expected, 12);
  else expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(1e-12);
}

const expectAllClose = (actual: ArrayLike<number>, expected: number[]): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expectClose(actual[i], e));
};

const options = (c: DpoReferenceCase): DpoOptions => ({ beta: c.beta, labelSmoothing: c.labelSmoothing, lossType: c.lossType });

describe("dpoLoss against TRL's DPOTrainer.dpo_loss in PyTorch", () => {
  it("has the fixture's 24 batches: 4 betas × 3 losses × (16 random pairs, 6 edge rows)", () => {
    expect(cases.length).toBe(24);
    expect(new Set(cases.map((c) => c.beta))).toEqual(new Set([0.01, 0.1, 0.5, 2]));
  });

  for (const c of cases) {
    it(`${c.name}: loss, rewards and gradients`, () => {
      const out = dpoLoss(c.inputs, options(c));
      expectClose(out.loss, c.loss);
      expectAllClose(out.chosenRewards, c.chosenRewards);
      expectAllClose(out.rejectedRewards, c.rejectedRewards);
      expectAllClose(out.gradPolicyChosen, c.grads.policyChosen);
      expectAllClose(out.gradPolicyRejected, c.grads.policyRejected);
      // h = (π_c − π_r) − (ref_c − ref_r): each reference log-prob's gradient is minus its policy one
      expectAllClose(out.gradPolicyChosen.map((g) => -g), c.grads.referenceChosen);
      expectAllClose(out.gradPolicyRejected.map((g) => -g), c.grads.referenceRejected);
    });

    it(`${c.name}: TRL's logged means`, () => {
      const metrics = dpoMetrics(c.inputs, dpoLoss(c.inputs, options(c)));
      for (const key of Object.keys(c.metrics) as (keyof DpoMetrics)[]) expectClose(metrics[key], c.metrics[key]);
      expect(Object.keys(metrics).sort()).toEqual(Object.keys(c.metrics).sort());
    });
  }

  it("takes a bare beta as the sigmoid loss without label smoothing", () => {
    for (const c of cases.filter((k) => k.lossType === "sigmoid" && k.labelSmoothing === 0)) {
      const out = dpoLoss(c.inputs, c.beta);
      expectClose(out.loss, c.loss);
      expectAllClose(out.gradPolicyChosen, c.grads.policyChosen);
    }
  });
});

/** N pairs with the given margins h = π_c − π_r (the policy equal to the reference on the rejected side, ref_c = ref_r). */
const withMargins = (margins: number[]): PreferenceLogProbs => ({
  policyChosen: margins.map((h) => -20 + h),
  policyRejected: margins.map(() => -20),
  referenceChosen: margins.map(() => -20),
  referenceRejected: margins.map(() => -20),
});

/** Four batches of five random-looking pairs (a fixed linear congruential sequence), log-probs in (−100, −1). */
function randomLogProbs(): PreferenceLogProbs[] {
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return -1 - (99 * state) / 2 ** 31;
  };
  const five = () => Array.from({ length: 5 }, next);
  return Array.from({ length: 4 }, () => ({ policyChosen: five(), policyRejected: five(), referenceChosen: five(), referenceRejected: five() }));
}

describe("dpoLoss properties, by hand", () => {
  it("sigmoid without smoothing: descent raises the chosen log-prob and lowers the rejected one, for any margin", () => {
    // dℓ/dh = −β σ(−βh) < 0 (strictly, while σ(−βh) does not underflow: βh < 745)
    for (const logProbs of [...randomLogProbs(), withMargins([-300, -3, 0, 3, 300])]) {
      for (const beta of [0.1, 2]) {
        const out = dpoLoss(logProbs, beta);
        out.gradPolicyChosen.forEach((g) => expect(g).toBeLessThan(0));
        out.gradPolicyRejected.forEach((g) => expect(g).toBeGreaterThan(0));
      }
    }
  });

  it("sigmoid with smoothing ε: the push reverses once σ(βh) > 1 − ε, where dℓ/dz = σ(z) − (1 − ε) changes sign", () => {
    // ε = 0.1: zero slope at βh = log 9 ≈ 2.197; below it descent raises π_c, above it lowers it
    const out = dpoLoss(withMargins([-5, 0, 2, 2.4, 5]), { beta: 1, labelSmoothing: 0.1 });
    expect(Array.from(out.gradPolicyChosen, Math.sign)).toEqual([-1, -1, -1, 1, 1]);
    expect(Array.from(out.gradPolicyRejected, Math.sign)).toEqual([1, 1, 1, -1, -1]);
  });

  it("h = 0: loss log 2, dloss/dπ_c = −β/2/N exactly and dloss/dπ_r its negative", () => {
    // −log σ(0) = log 2; dℓ/dh = −β σ(0) = −β/2
    const beta = 0.1;
    const same: PreferenceLogProbs = { policyChosen: [-7, -30, -2.5], policyRejected: [-7, -30, -2.5], referenceChosen: [-9, -1, -40], referenceRejected: [-9, -1, -40] };
    const out = dpoLoss(same, beta);
    expect(out.loss).toBeCloseTo(Math.log(2), 15);
    for (let i = 0; i < 3; i++) {
      expect(out.gradPolicyChosen[i]).toBe(-beta / 2 / 3);
      expect(out.gradPolicyRejected[i]).toBe(-out.gradPolicyChosen[i]);
    }
  });

  it("β → 0: the loss tends to log 2 and the gradients to 0, linearly in β", () => {
    // −log σ(βh) = log 2 − βh/2 + O(β²h²) and dℓ/dh = −β σ(−βh) = −β/2 + O(β²h)
    const logProbs = withMargins([-30, -1, 4, 25]);
    const [small, twice] = [1e-8, 2e-8].map((beta) => dpoLoss(logProbs, beta));
    expect(Math.abs(small.loss - Math.log(2))).toBeLessThan(1e-8 * 30);
    small.gradPolicyChosen.forEach((g, i) => {
      expect(g / 1e-8).toBeCloseTo(-1 / 2 / 4, 6);
      expect(twice.gradPolicyChosen[i] / g).toBeCloseTo(2, 6);
    });
  });

  it("β = 1e3, h = ±0.1: loss e^{−100} ≈ 3.7e-44 for h > 0, −βh = 100 for h < 0, gradients finite", () => {
    // βh = 100: −log σ(100) = log1p(e^{−100}) = e^{−100} in float64, dℓ/dh = −β σ(−100) = −1000 e^{−100}
    const right = dpoLoss({ policyChosen: [0], policyRejected: [-0.1], referenceChosen: [0], referenceRejected: [0] }, 1e3);
    expect(right.loss / Math.exp(-100)).toBeCloseTo(1, 12);
    expect(right.gradPolicyChosen[0] / (-1e3 * Math.exp(-100))).toBeCloseTo(1, 12);
    // βh = −100: −log σ(−100) = 100 + log1p(e^{−100}) = 100, dℓ/dh = −β σ(100) = −1000 (σ(100) = 1 in float64)
    const wrong = dpoLoss({ policyChosen: [-0.1], policyRejected: [0], referenceChosen: [0], referenceRejected: [0] }, 1e3);
    expect(wrong.loss).toBe(100);
    expect(wrong.gradPolicyChosen[0]).toBe(-1e3);
    expect(wrong.gradPolicyRejected[0]).toBe(1e3);
    // IPO at β = 1e3: (h − 1/2000)², slope 2(h − 5e-4)
    const ipo = dpoLoss({ policyChosen: [-0.1], policyRejected: [0], referenceChosen: [0], referenceRejected: [0] }, { beta: 1e3, lossType: "ipo" });
    expect(ipo.loss).toBeCloseTo(0.1005 ** 2, 15);
    expect(ipo.gradPolicyChosen[0]).toBeCloseTo(-0.201, 15);
  });

  it("IPO with h = 1/(2β) is at its minimum: loss 0, gradients 0", () => {
    const out = dpoLoss(withMargins([1.25]), { beta: 0.4, lossType: "ipo" });
    expect(out.loss).toBe(0);
    expect(out.gradPolicyChosen[0]).toBe(0);
  });

  it("the gradients match central finite differences of the loss (step 1e-6)", () => {
    const step = 1e-6;
    const keys = ["policyChosen", "policyRejected", "referenceChosen", "referenceRejected"] as const;
    const settings: DpoOptions[] = [
      { beta: 0.1 },
      { beta: 2, labelSmoothing: 0.1 },
      { beta: 0.5, lossType: "ipo" },
    ];
    for (const logProbs of randomLogProbs()) {
      for (const setting of settings) {
        const out = dpoLoss(logProbs, setting);
        const analytic = { policyChosen: out.gradPolicyChosen, policyRejected: out.gradPolicyRejected, referenceChosen: out.gradPolicyChosen.map((g) => -g), referenceRejected: out.gradPolicyRejected.map((g) => -g) };
        for (const key of keys) {
          for (let i = 0; i < 5; i++) {
            const shifted = (by: number) => ({ ...logProbs, [key]: Array.from(logProbs[key], (v, j) => (j === i ? v + by : v)) });
            const [up, down] = [shifted(step), shifted(-step)];
            const numeric = (dpoLoss(up, setting).loss - dpoLoss(down, setting).loss) / (up[key][i] - down[key][i]);
            // truncation O(step² ℓ''') plus the rounding of the two losses, a few ulps of the loss over the step
            const tolerance = 1e-7 * Math.max(1, Math.abs(numeric)) + (8 * Number.EPSILON * out.loss) / step;
            expect(Math.abs(analytic[key][i] - numeric)).toBeLessThan(tolerance);
          }
        }
      }
    }
  });
});
