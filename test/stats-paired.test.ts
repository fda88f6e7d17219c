import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { bootstrapMean } from "../src/stats/bootstrap.js";
import { approximateRandomizationTest, pairedBootstrapTest } from "../src/stats/paired.js";
import { createRng } from "../src/stats/prng.js";

interface RandomizationCase {
  a: number[];
  b: number[];
  pValue: number;
  patterns: number;
}
// Exact p-values from scipy.stats.permutation_test; see test/fixtures/make_stats_tests_reference.py.
const reference = JSON.parse(
  readFileSync(new URL("./fixtures/stats_tests_reference.json", import.meta.url), "utf8"),
) as { randomization: RandomizationCase[] };

/** n pairs of 0/1 scores: a correct with probability pa, b with probability pb. */
function binaryScores(n: number, pa: number, pb: number, seed: number): { a: number[]; b: number[] } {
  const rng = createRng(seed);
  const a = Array.from({ length: n }, () => (rng.nextFloat() < pa ? 1 : 0));
  const b = Array.from({ length: n }, () => (rng.nextFloat() < pb ? 1 : 0));
  return { a, b };
}

describe("approximateRandomizationTest", () => {
  it("enumerates the 8 sign patterns of a 3-pair example exactly", () => {
    // d = b − a = [1, 2, −1], observed Σd = 2. Swapping pair i flips the sign of d_i:
    //   + + +  →  2    counts (|2| >= 2)
    //   − + +  →  0
    //   + − +  → −2    counts
    //   − − +  → −4    counts
    //   + + −  →  4    counts
    //   − + −  →  2    counts
    //   + − −  →  0
    //   − − −  → −2    counts
    // 6 of 8 patterns are at least as extreme: p = 6/8 = 0.75.
    const result = approximateRandomizationTest([0, 0, 1], [1, 2, 0]);
    expect(result.exact).toBe(true);
    expect(result.nResamples).toBe(8);
    expect(result.pValue).toBe(0.75);
    expect(result.delta).toBeCloseTo(2 / 3, 15);
  });

  it("gives p = 1 for a single pair: both patterns are as extreme as the observed one", () => {
    const result = approximateRandomizationTest([0.2], [0.9]);
    expect(result).toEqual({ delta: expect.closeTo(0.7, 12), pValue: 1, exact: true, nResamples: 2 });
  });

  it("matches scipy.stats.permutation_test's exact paired p-values", () => {
    for (const c of reference.randomization) {
      const result = approximateRandomizationTest(c.a, c.b);
      expect(result.exact).toBe(true);
      expect(result.nResamples).toBe(c.patterns);
      expect(result.pValue).toBeCloseTo(c.pValue, 12);
    }
  });

  it("enumerates exactly when 2^n equals nResamples and samples when it exceeds it", () => {
    const { a, b } = binaryScores(10, 0.5, 0.7, 3);
    expect(approximateRandomizationTest(a, b, { nResamples: 1024 }).exact).toBe(true);
    expect(approximateRandomizationTest(a, b, { nResamples: 1023 }).exact).toBe(false);
    // default 10000 resamples: 2^13 = 8192 is enumerated, 2^14 = 16384 is sampled
    expect(approximateRandomizationTest(new Array(13).fill(0), new Array(13).fill(1)).exact).toBe(true);
    expect(approximateRandomizationTest(new Array(14).fill(0), new Array(14).fill(1)).exact).toBe(false);
  });

  it("estimates the exact p within Monte Carlo error when forced to sample (n = 12)", () => {
    const c = reference.randomization.find((r) => r.a.length === 12 && r.a.some((v) => v % 1 !== 0))!;
    const exact = approximateRandomizationTest(c.a, c.b).pValue;
    expect(exact).toBeCloseTo(c.pValue, 12);

    const R = 4000; // < 2^12 = 4096, so the test samples
    const sigma = Math.sqrt((exact * (1 - exact)) / R);
    const estimates = [1, 2, 3, 4, 5].map((seed) => {
      const result = approximateRandomizationTest(c.a, c.b, { nResamples: R, seed });
      expect(result.exact).toBe(false);
      expect(result.nResamples).toBe(R);
      expect(Math.abs(result.pValue - exact)).toBeLessThan(4 * sigma + 1 / R);
      return result.pValue;
    });
    const average = estimates.reduce((s, p) => s + p, 0) / estimates.length;
    expect(Math.abs(average - exact)).toBeLessThan((4 * sigma) / Math.sqrt(estimates.length) + 1 / R);
  });

  it("never returns p = 0: the +1 correction gives 1/(R+1) when no resample is as extreme", () => {
    const n = 40;
    const R = 999;
    const result = approximateRandomizationTest(new Array(n).fill(0), new Array(n).fill(1), { nResamples: R });
    expect(result.exact).toBe(false);
    expect(result.pValue).toBe(1 / (R + 1));
    for (let seed = 0; seed < 20; seed++) {
      const { a, b } = binaryScores(60, 0.3, 0.8, seed);
      const p = approximateRandomizationTest(a, b, { nResamples: 200, seed }).pValue;
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThanOrEqual(1);
    }
  });

  it("gives p = 1 for identical systems, exact and sampled", () => {
    const small = [0.1, 0.5, 0.3];
    expect(approximateRandomizationTest(small, small).pValue).toBe(1);
    const { a } = binaryScores(100, 0.5, 0.5, 7);
    const result = approximateRandomizationTest(a, a.slice(), { nResamples: 500, seed: 3 });
    expect(result.exact).toBe(false);
    expect(result.pValue).toBe(1);
    expect(result.delta).toBe(0);
  });

  it("counts patterns that tie mathematically as ties despite rounding", () => {
    // d = [0.1, 0.3, 0.4, −0.1, −0.2], observed Σd = 0.5. In exact arithmetic 16 of the
    // 32 patterns reach |Σ| >= 0.5 (checked with integers: d·10 = [1, 3, 4, −1, −2]);
    // plain floating-point comparison misses 2 of them (−0.1 + 0.3 + 0.4 + 0.1 − 0.2 sums
    // to 0.49999999999999994 in index order, its mirror to −0.49999999999999994) and
    // would give 14/32.
    expect(approximateRandomizationTest([0, 0, 0, 0, 0], [0.1, 0.3, 0.4, -0.1, -0.2]).pValue).toBe(0.5);
    // d·10 = [−1, −1, −2, 3]: every pattern sums to an odd multiple of 0.1, so p = 1
    expect(approximateRandomizationTest([0, 0, 0, 0], [-0.1, -0.1, -0.2, 0.3]).pValue).toBe(1);
  });

  it("is two-sided: swapping the systems negates delta and keeps p", () => {
    const { a, b } = binaryScores(50, 0.4, 0.6, 11);
    const forward = approximateRandomizationTest(a, b, { nResamples: 2000, seed: 5 });
    const backward = approximateRandomizationTest(b, a, { nResamples: 2000, seed: 5 });
    expect(backward.delta).toBe(-forward.delta);
    expect(backward.pValue).toBe(forward.pValue);
  });

  it("is deterministic for a seed and varies across seeds", () => {
    const { a, b } = binaryScores(80, 0.5, 0.6, 13);
    const first = approximateRandomizationTest(a, b, { nResamples: 3000, seed: 42 });
    expect(approximateRandomizationTest(a, b, { nResamples: 3000, seed: 42 })).toEqual(first);
    const others = [1, 2, 3].map((seed) => approximateRandomizationTest(a, b, { nResamples: 3000, seed }).pValue);
    expect(new Set([first.pValue, ...others]).size).toBeGreaterThan(1);
  });

  it("rejects invalid input with InputError naming the argument", () => {
    expect(() => approximateRandomizationTest([], [])).toThrow(InputError);
    expect(() => approximateRandomizationTest([], [])).toThrow(/a is empty/);
    expect(() => approximateRandomizationTest([1, 2], [1])).toThrow(/different lengths \(2 and 1\)/);
    expect(() => approximateRandomizationTest([1, NaN], [1, 2])).toThrow(/a\[1\] is NaN/);
    expect(() => approximateRandomizationTest([1, 2], [Infinity, 2])).toThrow(/b\[0\] is Infinity/);
    expect(() => approximateRandomizationTest([1], [2], { nResamples: 0 })).toThrow(/nResamples is 0/);
    expect(() => approximateRandomizationTest([1], [2], { nResamples: 2.5 })).toThrow(/nResamples is 2.5/);
    expect(() => approximateRandomizationTest([1], [2], { seed: NaN })).toThrow(/seed/);
  });
});

describe("pairedBootstrapTest", () => {
  it("reports delta = mean(b) − mean(a) with a percentile CI that contains it", () => {
    for (let seed = 0; seed < 5; seed++) {
      const { a, b } = binaryScores(50, 0.5, 0.6, 100 + seed);
      const result = pairedBootstrapTest(a, b, { seed, nResamples: 2000 });
      const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
      expect(result.delta).toBeCloseTo(mean(b) - mean(a), 14);
      expect(result.low).toBeLessThanOrEqual(result.delta);
      expect(result.high).toBeGreaterThanOrEqual(result.delta);
      expect(result.nResamples).toBe(2000);
    }
  });

  it("has the percentile bootstrap CI of the mean per-example difference", () => {
    // Same seed, same index stream: the paired CI is bootstrapMean(d, percentile) (scipy's
    // percentile interval), which pins down both the resampling and the quantile rule.
    for (const [seed, level] of [[0, 0.95], [7, 0.9], [3, 0.99]]) {
      const { a, b } = binaryScores(70, 0.4, 0.55, 200 + seed);
      const d = b.map((v, i) => v - a[i]);
      const paired = pairedBootstrapTest(a, b, { seed, level, nResamples: 1500 });
      const single = bootstrapMean(d, { seed, level, nResamples: 1500, method: "percentile" });
      expect(paired.low).toBeCloseTo(single.low, 12);
      expect(paired.high).toBeCloseTo(single.high, 12);
    }
  });

  it("has a 95% CI close to the normal approximation delta ± 1.96·sd(d)/√n", () => {
    const rng = createRng(21);
    const n = 400;
    const a = Array.from({ length: n }, () => rng.nextFloat());
    const b = a.map((v) => v + 0.05 + 0.2 * (rng.nextFloat() - 0.5));
    const d = b.map((v, i) => v - a[i]);
    const meanD = d.reduce((s, v) => s + v, 0) / n;
    const sdD = Math.sqrt(d.reduce((s, v) => s + (v - meanD) ** 2, 0) / (n - 1));
    const result = pairedBootstrapTest(a, b, { seed: 1, nResamples: 4000 });
    const halfWidth = (1.96 * sdD) / Math.sqrt(n);
    expect((result.high - result.low) / 2).toBeCloseTo(halfWidth, 3);
    expect((result.high + result.low) / 2).toBeCloseTo(meanD, 3);
    // a wider level gives a wider interval from the same resamples
    const wide = pairedBootstrapTest(a, b, { seed: 1, nResamples: 4000, level: 0.99 });
    expect(wide.low).toBeLessThan(result.low);
    expect(wide.high).toBeGreaterThan(result.high);
  });

  it("gives a small p for a clearly better system, in either direction", () => {
    const { a, b } = binaryScores(300, 0.5, 0.7, 8);
    const better = pairedBootstrapTest(a, b, { seed: 2, nResamples: 2000 });
    expect(better.delta).toBeGreaterThan(0.1);
    expect(better.pValue).toBeLessThan(0.01);
    expect(better.low).toBeGreaterThan(0);
    const worse = pairedBootstrapTest(b, a, { seed: 2, nResamples: 2000 });
    expect(worse.delta).toBe(-better.delta);
    expect(worse.pValue).toBeLessThan(0.01);
    expect(worse.high).toBeLessThan(0);
  });

  it("gives p near 0.5 when the observed delta is tiny compared with its noise", () => {
    // differences: 100 × +0.1, 100 × −0.1 and one 0.001, so delta ≈ 5e-6 and SE ≈ 0.007
    const n = 201;
    const rng = createRng(4);
    const a = Array.from({ length: n }, () => rng.nextFloat());
    const b = a.map((v, i) => v + (i === n - 1 ? 0.001 : i % 2 === 0 ? 0.1 : -0.1));
    const result = pairedBootstrapTest(a, b, { seed: 9, nResamples: 4000 });
    expect(Math.abs(result.delta)).toBeLessThan(1e-4);
    expect(result.pValue).toBeGreaterThan(0.46);
    expect(result.pValue).toBeLessThanOrEqual(0.5 + 0.03);
    expect(result.low).toBeLessThan(0);
    expect(result.high).toBeGreaterThan(0);
  });

  it("gives p = 1 and a zero-width CI for identical systems", () => {
    const x = [0.2, 0.4, 0.9, 0.1];
    expect(pairedBootstrapTest(x, x.slice(), { nResamples: 100 })).toEqual({
      delta: 0,
      low: 0,
      high: 0,
      pValue: 1,
      nResamples: 100,
    });
  });

  it("is deterministic for a seed and varies across seeds", () => {
    const { a, b } = binaryScores(60, 0.5, 0.6, 17);
    const first = pairedBootstrapTest(a, b, { seed: 123, nResamples: 1000 });
    expect(pairedBootstrapTest(a, b, { seed: 123, nResamples: 1000 })).toEqual(first);
    expect(pairedBootstrapTest(a, b, { seed: 124, nResamples: 1000 })).not.toEqual(first);
  });

  it("rejects invalid input with InputError naming the argument", () => {
    expect(() => pairedBootstrapTest([], [])).toThrow(/a is empty/);
    expect(() => pairedBootstrapTest([1, 2, 3], [1, 2])).toThrow(/different lengths \(3 and 2\)/);
    expect(() => pairedBootstrapTest([1, 2], [1, NaN])).toThrow(/b\[1\] is NaN/);
    for (const level of [0, 1, 1.5, -0.1, NaN]) {
      expect(() => pairedBootstrapTest([1], [2], { level })).toThrow(InputError);
      expect(() => pairedBootstrapTest([1], [2], { level })).toThrow(/level must be a confidence level in \(0, 1\)/);
    }
    expect(() => pairedBootstrapTest([1], [2], { nResamples: -5 })).toThrow(/nResamples is -5/);
    expect(() => pairedBootstrapTest([1], [2], { seed: Infinity })).toThrow(/seed/);
  });
});
