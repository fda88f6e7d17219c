import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { welchTTest } from "../src/stats/welch.js";

interface WelchCase {
  a: number[];
  b: number[];
  level: number;
  t: number;
  df: number;
  pValue: number;
  low: number;
  high: number;
}
// scipy.stats.ttest_ind(b, a, equal_var=False); see test/fixtures/make_stats_tests_reference.py.
const reference = JSON.parse(
  readFileSync(new URL("./fixtures/stats_tests_reference.json", import.meta.url), "utf8"),
) as { welch: WelchCase[] };

/** |x − y| <= tol · max(1, |y|) */
function expectNear(x: number, y: number, tol: number): void {
  expect(Math.abs(x - y)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(y)));
}

describe("welchTTest", () => {
  it("works the textbook example a = [1, 2, 3], b = [4, 5, 6] by hand", () => {
    // s² = 1 in both arms, SE = √(1/3 + 1/3) = √(2/3), t = 3/√(2/3) = 3.6742,
    // df = (2/3)² / ((1/3)²/2 + (1/3)²/2) = 4, p = 2·T_4(−3.6742) = 0.021311641128756713 (scipy)
    const result = welchTTest([1, 2, 3], [4, 5, 6]);
    expect(result.delta).toBe(3);
    expect(result.t).toBeCloseTo(3 / Math.sqrt(2 / 3), 12);
    expect(result.df).toBeCloseTo(4, 12);
    expectNear(result.pValue, 0.021311641128756713, 1e-9);
    // CI = 3 ± t_4(0.975)·√(2/3), t_4(0.975) = 2.7764451051977934
    expectNear(result.low, 3 - 2.7764451051977934 * Math.sqrt(2 / 3), 1e-9);
    expectNear(result.high, 3 + 2.7764451051977934 * Math.sqrt(2 / 3), 1e-9);
  });

  it("matches scipy's ttest_ind(b, a, equal_var=False) and confidence_interval()", () => {
    for (const c of reference.welch) {
      const result = welchTTest(c.a, c.b, c.level);
      expectNear(result.t, c.t, 1e-10);
      expectNear(result.df, c.df, 1e-10);
      expectNear(result.pValue, c.pValue, 1e-8);
      expectNear(result.low, c.low, 1e-8);
      expectNear(result.high, c.high, 1e-8);
    }
  });

  it("swapping the arms negates delta, t and the CI and keeps df and p", () => {
    const a = [2.01, 2.03, 2.02, 2.05];
    const b = [1.95, 1.97, 1.99];
    const forward = welchTTest(a, b);
    const backward = welchTTest(b, a);
    expect(backward.delta).toBeCloseTo(-forward.delta, 14);
    expect(backward.t).toBeCloseTo(-forward.t, 12);
    expect(backward.df).toBeCloseTo(forward.df, 12);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
    expect(backward.low).toBeCloseTo(-forward.high, 12);
    expect(backward.high).toBeCloseTo(-forward.low, 12);
  });

  it("returns NaN t, df, p and CI (but a real delta) when an arm has one value", () => {
    const result = welchTTest([1, 2, 3], [5]);
    expect(result.delta).toBe(3);
    for (const value of [result.t, result.df, result.pValue, result.low, result.high]) expect(value).toBeNaN();
    expect(welchTTest([5], [1, 2]).pValue).toBeNaN();
  });

  it("handles arms with zero spread like scipy (df = 1, p = 0 for different means)", () => {
    expect(welchTTest([1, 1, 1], [2, 2, 2])).toEqual({ delta: 1, low: 1, high: 1, t: Infinity, df: 1, pValue: 0 });
    expect(welchTTest([2, 2], [1, 1, 1]).t).toBe(-Infinity);
    // equal constants: scipy's 0/0 is NaN; here t = 0, p = 1
    expect(welchTTest([1, 1], [1, 1, 1])).toEqual({ delta: 0, low: 0, high: 0, t: 0, df: 1, pValue: 1 });
  });

  it("stays finite for values near 1e150, whose fourth powers overflow a double", () => {
    // a = [1e150, −1e150]: s² = 2e300, s²/n = 1e300; b = [1e150, 0]: s² = 0.5e300, s²/n = 0.25e300.
    // df = (1 + 0.25)² / (1² / 1 + 0.25² / 1) = 1.5625 / 1.0625; t = 5e149 / sqrt(1.25e300) = 0.5 / sqrt(1.25).
    const result = welchTTest([1e150, -1e150], [1e150, 0]);
    expect(result.df).toBeCloseTo(1.5625 / 1.0625, 12);
    expect(result.t).toBeCloseTo(0.5 / Math.sqrt(1.25), 12);
    expect(Number.isFinite(result.pValue) && Number.isFinite(result.low) && Number.isFinite(result.high)).toBe(true);
  });

  it("rejects invalid input with InputError naming the argument", () => {
    expect(() => welchTTest([], [1, 2])).toThrow(InputError);
    expect(() => welchTTest([], [1, 2])).toThrow(/a is empty/);
    expect(() => welchTTest([1, 2], [])).toThrow(/b is empty/);
    expect(() => welchTTest([1, NaN], [1, 2])).toThrow(/a\[1\] is NaN/);
    expect(() => welchTTest([1, 2], [1, -Infinity])).toThrow(/b\[1\] is -Infinity/);
    for (const level of [0, 1, 95, NaN]) expect(() => welchTTest([1, 2], [3, 4], level)).toThrow(/level must be a confidence level in \(0, 1\)/);
  });
});
