import { describe, expect, it } from "vitest";
import { cappedLoss, lrSensitivity } from "../src/lab/lr-sensitivity.js";
import { summarizeSweep } from "../src/lab/sweep-summary.js";
import type { SweepRunResult } from "../src/lab/sweep-run.js";

/** A finished run with just the fields the summary reads. */
function run(lr: number, seed: number, initialLoss: number, finalValLoss: number | null): SweepRunResult {
  const diverged = finalValLoss === null;
  return {
    variant: "baseline",
    lr,
    seed,
    status: diverged ? "stopped" : "completed",
    diverged,
    stepsDone: 10,
    initialLoss,
    finalValLoss,
    finalTrainLoss: finalValLoss,
    finalLoss: finalValLoss ?? initialLoss,
    attention: [],
    logitMean: [],
    logZ: [],
    trainMs: 1,
  };
}

describe("LR sensitivity (Wortsman et al. 2023, §2.2)", () => {
  it("is the mean over the learning rates of min(ℓ, ℓ0) − ℓ*, worked by hand", () => {
    // ℓ0 = 4. Losses 3.0, 2.0, 2.5, NaN (diverged: counts as ℓ0 = 4), 5.0 (above ℓ0: capped to 4).
    // Capped: 3, 2, 2.5, 4, 4; ℓ* = 2; deviations 1, 0, 0.5, 2, 2; mean 5.5 / 5 = 1.1.
    expect(lrSensitivity([3.0, 2.0, 2.5, NaN, 5.0], 4.0)).toBeCloseTo(1.1, 12);
    // Every learning rate at the best loss: 0.
    expect(lrSensitivity([2, 2, 2], 4)).toBe(0);
    // Nothing learned anywhere (all diverged or above ℓ0): every term is ℓ0 − ℓ0.
    expect(lrSensitivity([NaN, Infinity, 7], 4)).toBe(0);
  });

  it("caps a run's final loss at ℓ0, and counts a diverged run at ℓ0", () => {
    expect(cappedLoss(3.2, 4.1)).toBe(3.2);
    expect(cappedLoss(4.3, 4.1)).toBe(4.1);
    expect(cappedLoss(NaN, 4.1)).toBe(4.1);
    expect(cappedLoss(-Infinity, 4.1)).toBe(4.1);
  });

  it("refuses an empty sweep and a non-finite ℓ0 (bugs, not user input)", () => {
    expect(() => lrSensitivity([], 4)).toThrow(/at least one learning rate/);
    expect(() => lrSensitivity([3], NaN)).toThrow(/initial loss must be finite/);
  });

  it("per variant: from the seed-mean curve with ℓ0 the mean initial loss, and per seed, worked by hand", () => {
    // Seed 1 (ℓ0 = 4.0): 3.0, 2.0, diverged → capped 3.0, 2.0, 4.0.
    // Seed 2 (ℓ0 = 4.2): 3.5, 2.2, 4.5 (above its ℓ0) → capped 3.5, 2.2, 4.2.
    const results = [run(1e-3, 1, 4.0, 3.0), run(1e-2, 1, 4.0, 2.0), run(1e-1, 1, 4.0, null), run(1e-3, 2, 4.2, 3.5), run(1e-2, 2, 4.2, 2.2), run(1e-1, 2, 4.2, 4.5)];
    const summary = summarizeSweep({ lrs: [1e-3, 1e-2, 1e-1], variants: ["baseline"], seeds: [1, 2] }, results);
    // Cells: (3.0 + 3.5)/2 = 3.25, (2.0 + 2.2)/2 = 2.1, (4.0 + 4.2)/2 = 4.1; one seed diverged at 0.1.
    expect(summary.cells.map((c) => c.finalLoss)).toEqual([3.25, expect.closeTo(2.1, 12), expect.closeTo(4.1, 12)]);
    expect(summary.cells.map((c) => c.diverged)).toEqual([0, 0, 1]);
    const [baseline] = summary.sensitivity;
    expect(baseline.initialLoss).toBeCloseTo(4.1, 12);
    // Seed-mean curve: ℓ* = 2.1; deviations 1.15, 0, 2.0; mean 3.15 / 3 = 1.05.
    expect(baseline.value).toBeCloseTo(1.05, 12);
    // Seed 1: ℓ* = 2; deviations 1, 0, 2 → 1.0. Seed 2: ℓ* = 2.2; deviations 1.3, 0, 2.0 → 1.1.
    expect(baseline.perSeed.map((p) => p.seed)).toEqual([1, 2]);
    expect(baseline.perSeed[0].value).toBeCloseTo(1.0, 12);
    expect(baseline.perSeed[1].value).toBeCloseTo(1.1, 12);
  });

  it("gives no sensitivity to a variant missing a learning rate (an interrupted sweep)", () => {
    const summary = summarizeSweep({ lrs: [1e-3, 1e-2], variants: ["baseline"], seeds: [1, 2] }, [run(1e-3, 1, 4, 3), run(1e-2, 1, 4, 2), run(1e-3, 2, 4, 3)]);
    expect(summary.sensitivity[0].value).not.toBeNull(); // every learning rate has a run of some seed
    expect(summary.sensitivity[0].perSeed.map((p) => p.seed)).toEqual([1]); // seed 2 lacks lr 0.01
    const partial = summarizeSweep({ lrs: [1e-3, 1e-2], variants: ["baseline"], seeds: [1] }, [run(1e-3, 1, 4, 3)]);
    expect(partial.sensitivity[0].value).toBeNull();
    expect(partial.cells[1]).toMatchObject({ runs: 0, finalLoss: null });
  });
});
