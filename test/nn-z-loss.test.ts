import { describe, expect, it } from "vitest";
import { expectBug } from "./bug-error.js";
import { InputError } from "../src/errors.js";
import { zLoss } from "../src/nn/z-loss.js";
import { backward, noGrad, tensor } from "../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "./tensor-gradcheck.js";

describe("zLoss (PaLM: coefficient · log²Z)", () => {
  it("worked example: uniform logits have log Z = log V + z", () => {
    // Row 0: zeros over V = 4 → log Z = ln 4. Row 1: all 2 → log Z = 2 + ln 4. Row 2 ignored.
    const logits = tensor([0, 0, 0, 0, 2, 2, 2, 2, 9, 1, 1, 1], [3, 4]);
    const value = noGrad(() => zLoss(logits, [0, 3, -1], 0.1, -1)).data[0];
    expect(value).toBeCloseTo((0.1 * (Math.log(4) ** 2 + (2 + Math.log(4)) ** 2)) / 2, 6);
  });

  it("gradient is coefficient·(2/n)·log Z·softmax, zero on ignored rows", () => {
    const logits = tensor([0, 0, 0, 0, 5, 5, 5, 5], [2, 4], { requiresGrad: true });
    backward(zLoss(logits, [1, -1], 0.5, -1));
    for (let j = 0; j < 4; j++) expect(logits.grad![j]).toBeCloseTo(0.5 * 2 * Math.log(4) * 0.25, 6);
    expect(Array.from(logits.grad!.subarray(4))).toEqual([0, 0, 0, 0]);
  });

  it("is 0 with zero gradient when every row is ignored", () => {
    const logits = tensor([1, 2, 3, 4], [1, 4], { requiresGrad: true });
    const out = zLoss(logits, [-1], 1, -1);
    expect(out.data[0]).toBe(0);
    backward(out);
    expect(Array.from(logits.grad!)).toEqual([0, 0, 0, 0]);
  });

  it("backward matches finite differences", () => {
    const result = checkGradients(([z]) => zLoss(z, [0, -1, 2, 4, 1, 3], 0.3, -1), [randomTensor([2, 3, 5], 7, -2, 2)]);
    expect(result.largestGradient).toBeGreaterThan(0.05);
    expect(result.worst).toBeLessThanOrEqual(1);
  });

  it("rejects a negative or non-finite coefficient and a wrong number of targets", () => {
    const z = tensor([0, 0], [1, 2]);
    expect(() => zLoss(z, [0], -1)).toThrow(InputError);
    expect(() => zLoss(z, [0], NaN)).toThrow(InputError);
    expectBug(() => zLoss(z, [0, 1], 1), /zLoss: 2 targets for 1 rows/); // the trainer always passes one target per row
  });
});
