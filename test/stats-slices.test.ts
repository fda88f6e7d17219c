import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { expectBug } from "./bug-error.js";
import { bootstrapMean } from "../src/stats/bootstrap.js";
import { holmBonferroni } from "../src/stats/holm.js";
import { approximateRandomizationTest, pairedBootstrapTest } from "../src/stats/paired.js";
import { createRng } from "../src/stats/prng.js";
import { compareSlices, sliceTable } from "../src/stats/slices.js";

/** n examples over the given slices; system b gains `gain[slice]` in accuracy on that slice. */
function slicedScores(n: number, slices: string[], gain: Record<string, number>, seed: number) {
  const rng = createRng(seed);
  const labels: string[] = [];
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = slices[rng.nextInt(slices.length)];
    labels.push(label);
    a.push(rng.nextFloat() < 0.5 ? 1 : 0);
    b.push(rng.nextFloat() < 0.5 + (gain[label] ?? 0) ? 1 : 0);
  }
  return { labels, a, b };
}

describe("sliceTable", () => {
  it("gives one row per slice with its n, mean and bootstrapMean's CI", () => {
    const values = [1, 0, 1, 1, 0, 0, 1];
    const labels = ["math", "code", "math", "code", "code", "math", "qa"];
    const opts = { seed: 3, nResamples: 500 };
    const rows = sliceTable(values, labels, opts);
    expect(rows.map((row) => [row.slice, row.n])).toEqual([
      ["code", 3],
      ["math", 3],
      ["qa", 1],
    ]);
    expect(rows[0].mean).toBeCloseTo(1 / 3, 15);
    expect(rows[1].mean).toBeCloseTo(2 / 3, 15);
    expect(rows[2].mean).toBe(1);
    const math = bootstrapMean([1, 1, 0], opts);
    expect(rows[1]).toEqual({ slice: "math", n: 3, mean: math.estimate, low: math.low, high: math.high });
    for (const row of rows) {
      expect(row.low).toBeLessThanOrEqual(row.mean);
      expect(row.high).toBeGreaterThanOrEqual(row.mean);
    }
  });

  it("sorts slices by code point, not by UTF-16 unit or locale", () => {
    // "\uFFFF" (U+FFFF) comes before "😀" (U+1F600) by code point, after it by UTF-16 unit;
    // "B" (U+0042) comes before "a" (U+0061), unlike a locale-aware sort.
    const labels = ["😀", "a", "\uFFFF", "B", "ab", "a"];
    const rows = sliceTable([1, 2, 3, 4, 5, 6], labels, { nResamples: 50 });
    expect(rows.map((row) => row.slice)).toEqual(["B", "a", "ab", "\uFFFF", "😀"]);
    expect(rows[1]).toMatchObject({ n: 2, mean: 4 });
  });

  it("is deterministic for a seed", () => {
    const { labels, a } = slicedScores(200, ["x", "y", "z"], {}, 5);
    expect(sliceTable(a, labels, { seed: 8, nResamples: 300 })).toEqual(sliceTable(a, labels, { seed: 8, nResamples: 300 }));
  });

  it("rejects bad data with InputError; a label count that does not match is a bug", () => {
    expectBug(() => sliceTable([1, 2], ["a"]), /labels has 1 entries but values has 2/);
    expect(() => sliceTable([], [])).toThrow(/values is empty/);
    expect(() => sliceTable([1, NaN], ["a", "b"])).toThrow(/values\[1\] is NaN/);
  });
});

describe("compareSlices", () => {
  const { labels, a, b } = slicedScores(600, ["arith", "code", "qa", "trivia"], { code: 0.3 }, 1);
  const opts = { seed: 4, nResamples: 2000 };
  const rows = compareSlices(a, b, labels, opts);

  it("gives one row per slice, sorted by name, with n summing to the examples", () => {
    expect(rows.map((row) => row.slice)).toEqual(["arith", "code", "qa", "trivia"]);
    expect(rows.reduce((s, row) => s + row.n, 0)).toBe(600);
  });

  it("takes delta and CI from pairedBootstrapTest and p from approximateRandomizationTest per slice", () => {
    for (const row of rows) {
      const indices = labels.flatMap((label, i) => (label === row.slice ? [i] : []));
      const sliceA = indices.map((i) => a[i]);
      const sliceB = indices.map((i) => b[i]);
      const bootstrap = pairedBootstrapTest(sliceA, sliceB, opts);
      const randomization = approximateRandomizationTest(sliceA, sliceB, opts);
      expect(row.n).toBe(indices.length);
      expect(row.meanA).toBeCloseTo(sliceA.reduce((s, v) => s + v, 0) / indices.length, 14);
      expect(row.meanB).toBeCloseTo(sliceB.reduce((s, v) => s + v, 0) / indices.length, 14);
      expect(row.delta).toBe(bootstrap.delta);
      expect(row.low).toBe(bootstrap.low);
      expect(row.high).toBe(bootstrap.high);
      expect(row.pValue).toBe(randomization.pValue);
    }
  });

  it("applies Holm across the slices: pAdjusted >= pValue, and only the real gain survives", () => {
    const adjusted = holmBonferroni(rows.map((row) => row.pValue));
    rows.forEach((row, k) => {
      expect(row.pAdjusted).toBe(adjusted[k]);
      expect(row.pAdjusted).toBeGreaterThanOrEqual(row.pValue);
      expect(row.pAdjusted).toBeLessThanOrEqual(1);
    });
    const code = rows.find((row) => row.slice === "code")!;
    expect(code.delta).toBeGreaterThan(0.15);
    expect(code.pAdjusted).toBeLessThan(0.01);
    // the smallest p gets the full factor m = 4
    const smallest = Math.min(...rows.map((row) => row.pValue));
    expect(Math.min(...rows.map((row) => row.pAdjusted))).toBeCloseTo(Math.min(1, 4 * smallest), 14);
  });

  it("uses exact enumeration for a small slice", () => {
    // slice "s" has d = [1, 2, −1]: the hand-worked exact p = 0.75 (see stats-paired.test.ts)
    const small = compareSlices([0, 0, 1, 0], [1, 2, 0, 1], ["s", "s", "s", "t"], { nResamples: 100 });
    expect(small.map((row) => row.slice)).toEqual(["s", "t"]);
    expect(small[0].pValue).toBe(0.75);
    expect(small[1].pValue).toBe(1); // a single pair: both swap patterns tie
    expect(small[0].pAdjusted).toBe(1); // min(1, 2·0.75)
    expect(small[1].pAdjusted).toBe(1);
  });

  it("rejects bad data with InputError; wrong lengths are a bug", () => {
    expectBug(() => compareSlices([1, 2], [1, 2], ["a"]), /labels has 1 entries but a and b have 2/);
    expectBug(() => compareSlices([1, 2], [1], ["a", "b"]), /different lengths \(2 and 1\)/);
    expect(() => compareSlices([], [], [])).toThrow(InputError);
    expect(() => compareSlices([], [], [])).toThrow(/a is empty/);
    expect(() => compareSlices([1, 2], [1, Infinity], ["a", "b"])).toThrow(/b\[1\] is Infinity/);
    expect(() => compareSlices([1], [2], ["a"], { level: 2 })).toThrow(/level must be a confidence level in \(0, 1\), got 2/);
  });
});
