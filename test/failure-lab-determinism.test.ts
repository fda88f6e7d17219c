// Bitwise determinism and its absence: the same seed in a fixed gradient-sum order agrees bit
// for bit; shuffling the order of the same micro-batch gradients makes two runs part ways.
import { describe, expect, it } from "vitest";
import { determinismStudy } from "../src/lab/determinism.js";

describe("the nondeterminism study", () => {
  it("fixed order: identical runs; shuffled order: the losses part within 40 steps and stay close", { timeout: 120_000 }, async () => {
    const [row] = await determinismStudy({ seeds: [1], steps: 40 });
    expect(row.fixedIdentical).toBe(true);
    expect(row.firstDifferentStep).not.toBeNull();
    expect(row.firstDifferentStep!).toBeGreaterThanOrEqual(1);
    expect(row.firstDifferentStep!).toBeLessThanOrEqual(40);
    expect(row.maxStepGap).toBeGreaterThan(0);
    expect(row.maxStepGap).toBeLessThan(0.1); // rounding differences, not a different training run
    expect(row.shuffledValLoss[0]).not.toBe(row.shuffledValLoss[1]);
  });
});
