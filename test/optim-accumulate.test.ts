import { describe, expect, it } from "vitest";
import { accumulatedMeanGradient, microBatchLossWeights } from "../src/optim/accumulate.js";
import { expectBug } from "./bug-error.js";

describe("microBatchLossWeights", () => {
  it("weighs each micro-batch's mean loss by its share of the examples", () => {
    expect(microBatchLossWeights([3, 1])).toEqual([0.75, 0.25]);
    expect(microBatchLossWeights([5])).toEqual([1]);
  });

  it("is 1/K for K equal micro-batches, the loss / grad_accum_steps of equal-sized accumulation", () => {
    expect(microBatchLossWeights([4, 4, 4, 4])).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it("rejects an empty list and sizes below 1 as bugs", () => {
    expectBug(() => microBatchLossWeights([]), /at least one micro-batch/);
    expectBug(() => microBatchLossWeights([2, 0]), /micro-batch 1 has size 0/);
    expectBug(() => microBatchLossWeights([2.5]), /whole numbers/);
  });
});

describe("accumulatedMeanGradient", () => {
  it("is (3·[1, 2] + 1·[5, −2]) / 4 = [2, 1] for micro-batches of 3 and 1", () => {
    expect(Array.from(accumulatedMeanGradient([[1, 2], [5, -2]], [3, 1]))).toEqual([2, 1]);
  });

  it("equals the mean of the per-example gradients, whatever the split", () => {
    // Per-example gradients of 6 examples, D = 2, split 1 + 2 + 3 and 4 + 2; their mean by hand
    // is ([1, 0] + [3, 2] + [5, -4] + [-1, 6] + [2, 2] + [2, 0]) / 6 = [12, 6] / 6 = [2, 1].
    const examples = [[1, 0], [3, 2], [5, -4], [-1, 6], [2, 2], [2, 0]];
    const meanOf = (rows: number[][]) => rows[0].map((_, j) => rows.reduce((sum, r) => sum + r[j], 0) / rows.length);
    for (const split of [[1, 2, 3], [4, 2], [6]]) {
      let start = 0;
      const micro = split.map((n) => meanOf(examples.slice(start, (start += n))));
      const full = Array.from(accumulatedMeanGradient(micro, split));
      expect(full[0]).toBeCloseTo(2, 14);
      expect(full[1]).toBeCloseTo(1, 14);
    }
  });

  it("rejects gradients and sizes that do not match as bugs", () => {
    expectBug(() => accumulatedMeanGradient([[1, 2]], [1, 1]), /1 gradients but 2 sizes/);
    expectBug(() => accumulatedMeanGradient([[1, 2], [3]], [1, 1]), /gradient 1 has 1 values/);
  });
});
