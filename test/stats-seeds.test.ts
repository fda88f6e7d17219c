import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { summarizeSeeds } from "../src/stats/seeds.js";

interface SeedCase {
  values: number[];
  level: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  low: number;
  high: number;
}
// numpy mean/std(ddof=1) and scipy.stats.t.interval; see test/fixtures/make_stats_tests_reference.py.
const reference = JSON.parse(
  readFileSync(new URL("./fixtures/stats_tests_reference.json", import.meta.url), "utf8"),
) as { seeds: SeedCase[] };

describe("summarizeSeeds", () => {
  it("works a 3-seed example by hand", () => {
    // mean = 1.89667, s² = (0.01333² + 0.01667² + 0.00333²)/2 = 2.3333e-4, s = 0.0152753,
    // CI = mean ± t_2(0.975)·s/√3 = mean ± 4.30265·0.0088192 (scipy: 1.8587208, 1.9346125)
    const summary = summarizeSeeds([1.91, 1.88, 1.9]);
    expect(summary.n).toBe(3);
    expect(summary.mean).toBeCloseTo(1.8966666666666665, 14);
    expect(summary.std).toBeCloseTo(0.01527525231651948, 14);
    expect(summary.min).toBe(1.88);
    expect(summary.max).toBe(1.91);
    expect(summary.level).toBe(0.95);
    expect(summary.low).toBeCloseTo(1.8587208363306988, 9);
    expect(summary.high).toBeCloseTo(1.9346124970026342, 9);
  });

  it("matches numpy and scipy.stats.t.interval on the fixture cases", () => {
    for (const c of reference.seeds) {
      const summary = summarizeSeeds(c.values, c.level);
      expect(summary.n).toBe(c.values.length);
      expect(summary.level).toBe(c.level);
      expect(summary.mean).toBeCloseTo(c.mean, 13);
      expect(summary.std).toBeCloseTo(c.std, 13);
      expect(summary.min).toBe(c.min);
      expect(summary.max).toBe(c.max);
      expect(summary.low).toBeCloseTo(c.low, 9);
      expect(summary.high).toBeCloseTo(c.high, 9);
    }
  });

  it("accepts typed arrays", () => {
    const summary = summarizeSeeds(Float64Array.from([1.91, 1.88, 1.9]));
    expect(summary.mean).toBeCloseTo(1.8966666666666665, 14);
  });

  it("returns NaN std and CI for a single seed", () => {
    const summary = summarizeSeeds([2.5]);
    expect(summary).toMatchObject({ n: 1, mean: 2.5, min: 2.5, max: 2.5, level: 0.95 });
    expect(summary.std).toBeNaN();
    expect(summary.low).toBeNaN();
    expect(summary.high).toBeNaN();
  });

  it("returns a zero-width CI when every seed gives the same value", () => {
    expect(summarizeSeeds([0.75, 0.75, 0.75, 0.75], 0.9)).toEqual({
      n: 4,
      mean: 0.75,
      std: 0,
      min: 0.75,
      max: 0.75,
      low: 0.75,
      high: 0.75,
      level: 0.9,
    });
  });

  it("gives a wider CI at a higher level", () => {
    const values = [3.1, 2.9, 3.3, 3.0, 3.2];
    const narrow = summarizeSeeds(values, 0.8);
    const wide = summarizeSeeds(values, 0.99);
    expect(wide.low).toBeLessThan(narrow.low);
    expect(wide.high).toBeGreaterThan(narrow.high);
  });

  it("rejects invalid input with InputError naming the argument", () => {
    expect(() => summarizeSeeds([])).toThrow(InputError);
    expect(() => summarizeSeeds([])).toThrow(/values is empty/);
    expect(() => summarizeSeeds([1, NaN])).toThrow(/values\[1\] is NaN/);
    expect(() => summarizeSeeds([Infinity])).toThrow(/values\[0\] is Infinity/);
    for (const level of [0, 1, -1, 2, NaN]) expect(() => summarizeSeeds([1, 2], level)).toThrow(/level must be a confidence level in \(0, 1\)/);
  });
});
