import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { mean, standardError, std, variance } from "../src/stats/describe.js";

describe("mean", () => {
  it("works small examples", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([7])).toBe(7);
    expect(mean(new Float64Array([-1, 1]))).toBe(0);
  });

  it("keeps the low-order bits that plain summation loses", () => {
    // Naive left-to-right: 1e16 + 1 rounds to 1e16, then - 1e16 gives 0.
    expect(mean([1e16, 1, -1e16])).toBe(1 / 3);
    // 0.1 ten thousand times: naive summation drifts to 1000.0000000001588.
    expect(mean(new Array(10_000).fill(0.1))).toBe(0.1);
  });

  it("rejects empty and non-finite samples, naming the index", () => {
    expect(() => mean([])).toThrow(InputError);
    expect(() => mean([1, Number.NaN])).toThrow(/x\[1\] is NaN/);
    expect(() => mean([Infinity])).toThrow(InputError);
  });
});

describe("variance, std", () => {
  it("works the textbook example [2, 4, 4, 4, 5, 5, 7, 9]", () => {
    const x = [2, 4, 4, 4, 5, 5, 7, 9]; // mean 5, Σ(x - 5)² = 32
    expect(variance(x)).toBe(32 / 7); // default ddof = 1
    expect(variance(x, 0)).toBe(4);
    expect(std(x, 0)).toBe(2);
    expect(std(x)).toBeCloseTo(Math.sqrt(32 / 7), 15);
  });

  it("is accurate for data with a large offset (two-pass, not Σx² - n·mean²)", () => {
    const offset = 1e9;
    expect(variance([offset + 4, offset + 7, offset + 13, offset + 16])).toBe(30);
  });

  it("returns NaN when n <= ddof, as numpy does", () => {
    expect(variance([3])).toBeNaN();
    expect(variance([3], 0)).toBe(0);
    expect(variance([1, 2], 2)).toBeNaN();
    expect(std([1])).toBeNaN();
  });

  it("rejects bad input", () => {
    expect(() => variance([])).toThrow(InputError);
    expect(() => variance([1, 2], -1)).toThrow(/ddof/);
    expect(() => variance([1, 2], Number.NaN)).toThrow(/ddof/);
    expect(() => std([1, Number.NEGATIVE_INFINITY])).toThrow(InputError);
  });
});

describe("standardError", () => {
  it("equals scipy.stats.sem", () => {
    // scipy.stats.sem([1, 2, 3, 4]) = 0.6454972243679028 = sqrt(5/3)/2
    expect(standardError([1, 2, 3, 4])).toBeCloseTo(0.6454972243679028, 15);
    // scipy.stats.sem([2, 4, 4, 4, 5, 5, 7, 9]) = 0.7559289460184544
    expect(standardError([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(0.7559289460184544, 15);
  });

  it("is NaN for one value and rejects an empty sample", () => {
    expect(standardError([5])).toBeNaN();
    expect(() => standardError([])).toThrow(InputError);
  });
});
