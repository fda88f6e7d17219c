import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { expectBug } from "./bug-error.js";
import {
  bootstrapMean,
  bootstrapRatio,
  bootstrapStatistic,
  intervalFromDistribution,
  type BootstrapMethod,
} from "../src/stats/bootstrap.js";
import { std } from "../src/stats/describe.js";
import { createRng } from "../src/stats/prng.js";

interface Interval {
  low: number;
  high: number;
  standard_error: number;
}
interface ScipyCase {
  estimate: number;
  jackknife: number[];
  distribution: number[]; // scipy's bootstrap_distribution, 999 resamples
  small: Record<string, Interval>; // "method@level" → scipy's interval from that distribution
  large: Record<string, Interval>; // the same from 200,000 resamples (Monte Carlo reference)
}
// scipy.stats.bootstrap; see test/fixtures/make_bootstrap_reference.py.
const reference = JSON.parse(readFileSync(new URL("./fixtures/bootstrap_reference.json", import.meta.url), "utf8")) as {
  mean: Record<string, ScipyCase & { x: number[]; lattice_step: number }>;
  ratio: Record<string, ScipyCase & { numerators: number[]; denominators: number[] }>;
};
const allCases: [string, ScipyCase][] = [...Object.entries(reference.mean), ...Object.entries(reference.ratio)];

function parseKey(key: string): { method: BootstrapMethod; level: number } {
  const [method, level] = key.split("@");
  return { method: method as BootstrapMethod, level: Number(level) };
}

function weightedPerplexity(nll: number[], tokens: number[]) {
  return (w: Float64Array): number => {
    let num = 0;
    let den = 0;
    for (let i = 0; i < w.length; i++) {
      num += w[i] * nll[i];
      den += w[i] * tokens[i];
    }
    return Math.exp(num / den);
  };
}

describe("intervalFromDistribution reproduces scipy.stats.bootstrap's interval step", () => {
  it("on scipy's own bootstrap distributions, every method and level, to 1e-12", () => {
    let worst = 0;
    for (const [name, c] of allCases) {
      for (const [key, expected] of Object.entries(c.small)) {
        const { method, level } = parseKey(key);
        const got = intervalFromDistribution({
          estimate: c.estimate,
          distribution: c.distribution,
          method,
          level,
          jackknife: c.jackknife,
        });
        const scale = Math.abs(c.estimate);
        const error = Math.max(Math.abs(got.low - expected.low), Math.abs(got.high - expected.high)) / scale;
        worst = Math.max(worst, error);
        expect(error, `${name} ${key}`).toBeLessThan(1e-12);
        // res.standard_error is the ddof = 1 std of the distribution.
        expect(Math.abs(std(c.distribution) - expected.standard_error) / expected.standard_error).toBeLessThan(1e-12);
      }
    }
    expect(worst).toBeLessThan(1e-14); // reached: ~2e-15
  });

  it("works a small example by hand", () => {
    // linear quantile of [1..5] (n = 5) at p: index p·(n - 1). level 0.5 → p = 0.25, 0.75 → 2, 4
    const distribution = [5, 1, 4, 2, 3];
    expect(intervalFromDistribution({ estimate: 3, distribution, method: "percentile", level: 0.5 })).toEqual({ low: 2, high: 4 });
    // basic reflects about the estimate: [2·3.5 - 4, 2·3.5 - 2]
    expect(intervalFromDistribution({ estimate: 3.5, distribution, method: "basic", level: 0.5 })).toEqual({ low: 3, high: 5 });
    // level 0.9 → p = 0.05, 0.95 → index 0.2, 3.8 → 1.2, 4.8
    const wide = intervalFromDistribution({ estimate: 3, distribution, method: "percentile", level: 0.9 });
    expect(wide.low).toBeCloseTo(1.2, 14);
    expect(wide.high).toBeCloseTo(4.8, 14);
  });

  it("BCa with no bias and no skew is the percentile interval", () => {
    // Symmetric distribution around the estimate (z0 = 0) and symmetric jackknife (a = 0).
    const distribution = Array.from({ length: 101 }, (_, i) => i / 100);
    const args = { estimate: 0.5, distribution, level: 0.9, jackknife: [0.4, 0.5, 0.6] };
    const bca = intervalFromDistribution({ ...args, method: "bca" });
    const percentile = intervalFromDistribution({ ...args, method: "percentile" });
    expect(bca.low).toBeCloseTo(percentile.low, 14);
    expect(bca.high).toBeCloseTo(percentile.high, 14);
  });

  it("returns [estimate, estimate] for BCa on a constant distribution (scipy: NaN)", () => {
    const args = { estimate: 2, distribution: [2, 2, 2], jackknife: [2, 2, 2], level: 0.95 };
    expect(intervalFromDistribution({ ...args, method: "bca" })).toEqual({ low: 2, high: 2 });
    expect(intervalFromDistribution({ ...args, method: "percentile" })).toEqual({ low: 2, high: 2 });
  });

  it("throws instead of returning NaN when BCa is undefined", () => {
    // Estimate above every resample: z0 = Φ⁻¹(1) = ∞.
    expect(() =>
      intervalFromDistribution({ estimate: 9, distribution: [1, 2, 3], jackknife: [1, 2], method: "bca", level: 0.95 }),
    ).toThrow(/BCa interval is undefined/);
    // Equal jackknife values: acceleration 0/0.
    expect(() =>
      intervalFromDistribution({ estimate: 2, distribution: [1, 2, 3], jackknife: [5, 5], method: "bca", level: 0.95 }),
    ).toThrow(InputError);
    expectBug(() => intervalFromDistribution({ estimate: 2, distribution: [1, 2, 3], method: "bca", level: 0.95 }),
      /jackknife/,
    );
  });

  it("rejects invalid arguments", () => {
    const ok = { estimate: 1, distribution: [1, 2], method: "percentile" as const, level: 0.9 };
    expect(() => intervalFromDistribution({ ...ok, level: 1 })).toThrow(/level/);
    expect(() => intervalFromDistribution({ ...ok, distribution: [] })).toThrow(/empty/);
    expect(() => intervalFromDistribution({ ...ok, distribution: [1, Number.NaN] })).toThrow(/distribution\[1\]/);
    expect(() => intervalFromDistribution({ ...ok, estimate: Number.NaN })).toThrow(/estimate/);
    expect(() => intervalFromDistribution({ ...ok, method: "student" as BootstrapMethod })).toThrow(/method/);
  });
});

describe("bootstrapMean against scipy (Monte Carlo)", () => {
  // Our resamples come from our own generator, so only the distribution of the result can agree.
  // Endpoint Monte Carlo error, for a near-normal bootstrap distribution with sd SE: sd of the
  // α-quantile of B resamples ≈ SE·sqrt(α(1-α)/B)/φ(z_α) = 0.019·SE at α = 0.025, B = 20,000
  // (0.006·SE for scipy's 200,000); BCa adds the noise of z0 (≈ 0.02·SE). Tolerance 0.1·SE is
  // about 4 standard deviations of the difference (observed: at most 0.05·SE). On lattice data
  // (0/1 answers, 1..5 ratings) a quantile can land on the neighbouring lattice point, so one
  // lattice step is added there.
  it("lands within 0.1·SE (+ one lattice step) of scipy's 200,000-resample interval", () => {
    for (const [name, c] of Object.entries(reference.mean)) {
      for (const [key, expected] of Object.entries(c.large)) {
        const { method, level } = parseKey(key);
        const got = bootstrapMean(c.x, { nResamples: 20_000, method, level, seed: 1 });
        const tolerance = 0.1 * expected.standard_error + c.lattice_step;
        expect(Math.abs(got.low - expected.low), `${name} ${key} low`).toBeLessThan(tolerance);
        expect(Math.abs(got.high - expected.high), `${name} ${key} high`).toBeLessThan(tolerance);
        expect(Math.abs(got.standardError - expected.standard_error) / expected.standard_error).toBeLessThan(0.03);
        expect(Math.abs(got.estimate - c.estimate) / c.estimate).toBeLessThan(1e-15); // numpy sums pairwise
        expect(got).toMatchObject({ method, level, nResamples: 20_000, n: c.x.length });
      }
    }
  });
});

describe("bootstrapRatio and bootstrapStatistic (corpus perplexity = exp(Σ nll / Σ tokens))", () => {
  const c = reference.ratio.perplexity_n50;
  const statistic = weightedPerplexity(c.numerators, c.denominators);

  it("agree with each other for the same seed, and with scipy's paired bootstrap", () => {
    for (const [key, expected] of Object.entries(c.large)) {
      const { method, level } = parseKey(key);
      const opts = { nResamples: 20_000, method, level, seed: 3 };
      const ratio = bootstrapRatio(c.numerators, c.denominators, { ...opts, transform: Math.exp });
      const general = bootstrapStatistic(c.numerators.length, statistic, opts);
      // Same resamples; only the order of the sums differs.
      expect(Math.abs(ratio.low - general.low) / ratio.estimate).toBeLessThan(1e-12);
      expect(Math.abs(ratio.high - general.high) / ratio.estimate).toBeLessThan(1e-12);
      expect(Math.abs(ratio.estimate - c.estimate) / c.estimate).toBeLessThan(1e-14);
      const tolerance = 0.1 * expected.standard_error;
      expect(Math.abs(ratio.low - expected.low), `${key} low`).toBeLessThan(tolerance);
      expect(Math.abs(ratio.high - expected.high), `${key} high`).toBeLessThan(tolerance);
    }
  });

  it("uses the O(n) jackknife that scipy's BCa uses (leave one document out)", () => {
    // With scipy's distribution and our jackknife, BCa reproduces scipy's interval.
    const n = c.numerators.length;
    const nTotal = c.numerators.reduce((a, b) => a + b, 0);
    const dTotal = c.denominators.reduce((a, b) => a + b, 0);
    const ours = c.numerators.map((v, i) => Math.exp((nTotal - v) / (dTotal - c.denominators[i])));
    ours.forEach((v, i) => expect(Math.abs(v - c.jackknife[i]) / v).toBeLessThan(1e-13));
    expect(ours).toHaveLength(n);
  });

  it("defaults transform to the identity (a plain ratio of sums)", () => {
    const plain = bootstrapRatio([1, 2, 3, 4], [2, 2, 2, 2], { nResamples: 500, method: "percentile" });
    expect(plain.estimate).toBe(10 / 8);
    const viaStatistic = bootstrapStatistic(
      4,
      (w) => (w[0] * 1 + w[1] * 2 + w[2] * 3 + w[3] * 4) / (2 * (w[0] + w[1] + w[2] + w[3])),
      { nResamples: 500, method: "percentile" },
    );
    expect(plain.low).toBeCloseTo(viaStatistic.low, 14);
    expect(plain.high).toBeCloseTo(viaStatistic.high, 14);
  });

  it("rejects mismatched lengths and undefined ratios", () => {
    expect(() => bootstrapRatio([1, 2], [1])).toThrow(/denominators has 1/);
    expect(() => bootstrapRatio([1, 2], [0, 0])).toThrow(InputError);
    // One example carries all the tokens: leaving it out (BCa jackknife) divides by zero.
    expect(() => bootstrapRatio([1, 2, 3], [0, 0, 5], { method: "bca", nResamples: 50 })).toThrow(InputError);
  });
});

describe("bootstrapMean, bootstrapStatistic: same resamples for the same seed", () => {
  it("gives the same interval as a weighted-mean statistic", () => {
    const rng = createRng(99);
    const x = Array.from({ length: 57 }, () => rng.nextFloat() ** 3);
    const weightedMean = (w: Float64Array) => {
      let s = 0;
      for (let i = 0; i < w.length; i++) s += w[i] * x[i];
      return s / x.length;
    };
    for (const method of ["percentile", "basic", "bca"] as const) {
      const a = bootstrapMean(x, { nResamples: 2000, method, seed: 4 });
      const b = bootstrapStatistic(x.length, weightedMean, { nResamples: 2000, method, seed: 4 });
      expect(Math.abs(a.low - b.low)).toBeLessThan(1e-14);
      expect(Math.abs(a.high - b.high)).toBeLessThan(1e-14);
      expect(Math.abs(a.standardError - b.standardError)).toBeLessThan(1e-14);
    }
  });

  it("is deterministic for a seed and varies with it", () => {
    const x = [3.1, 1.4, 4.1, 1.5, 5.9, 9.2, 2.6, 6.5, 5.3, 3.5, 5.8];
    expect(bootstrapMean(x, { seed: 7, nResamples: 999 })).toEqual(bootstrapMean(x, { seed: 7, nResamples: 999 }));
    expect(bootstrapMean(x, { seed: 7, nResamples: 999 }).low).not.toBe(bootstrapMean(x, { seed: 8, nResamples: 999 }).low);
  });

  it("uses scipy's defaults: 9999 resamples, level 0.95, BCa, seed 0", () => {
    const r = bootstrapMean([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(r).toMatchObject({ nResamples: 9999, level: 0.95, method: "bca", n: 8, estimate: 4.5 });
    expect(r).toEqual(bootstrapMean([1, 2, 3, 4, 5, 6, 7, 8], { seed: 0 }));
  });
});

describe("degenerate samples", () => {
  it("n = 1 or constant data give low = high = estimate for every method", () => {
    for (const method of ["percentile", "basic", "bca"] as const) {
      for (const x of [[4.2], [0.1, 0.1, 0.1, 0.1]]) {
        const r = bootstrapMean(x, { method, nResamples: 100 });
        expect(r.low).toBe(r.estimate);
        expect(r.high).toBe(r.estimate);
        expect(r.standardError).toBe(0);
      }
      const ratio = bootstrapRatio([2], [4], { method, nResamples: 100 });
      expect([ratio.low, ratio.high]).toEqual([0.5, 0.5]);
      const stat = bootstrapStatistic(1, (w) => 10 * w[0], { method, nResamples: 100 });
      expect([stat.low, stat.high]).toEqual([10, 10]);
    }
  });

  it("nResamples = 1 is allowed; the standard error is then undefined (NaN)", () => {
    const r = bootstrapMean([1, 2, 3], { nResamples: 1, method: "percentile" });
    expect(r.low).toBe(r.high);
    expect(r.standardError).toBeNaN();
  });
});

describe("input validation", () => {
  it("names the offending field", () => {
    expect(() => bootstrapMean([])).toThrow(/x is empty/);
    expect(() => bootstrapMean([1, Number.NaN])).toThrow(/x\[1\] is NaN/);
    expect(() => bootstrapMean([1, Infinity])).toThrow(InputError);
    for (const level of [0, 1, -0.5, 95, Number.NaN]) expect(() => bootstrapMean([1, 2], { level })).toThrow(/level/);
    for (const nResamples of [0, -5, 1.5, Number.NaN, Infinity]) {
      expect(() => bootstrapMean([1, 2], { nResamples })).toThrow(/nResamples/);
    }
    expect(() => bootstrapMean([1, 2], { method: "bootstrap-t" as BootstrapMethod })).toThrow(/method/);
    expect(() => bootstrapMean([1, 2], { seed: Number.NaN })).toThrow(/seed/);
    expectBug(() => bootstrapStatistic(0, () => 1), /n must be a positive integer/);
    expectBug(() => bootstrapStatistic(2.5, () => 1), /n must be a positive integer/);
    expect(() => bootstrapStatistic(3, () => Number.NaN)).toThrow(/original sample is NaN/);
    expect(() => bootstrapStatistic(3, (w) => (w[0] === 0 ? Number.NaN : 1), { method: "percentile" })).toThrow(
      /bootstrap resample \d+ is NaN/,
    );
  });
});

describe("progress", () => {
  it("reports every 250 resamples and once at the end", () => {
    const calls: [number, number][] = [];
    bootstrapMean([1, 2, 3], { nResamples: 1000, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [250, 1000],
      [500, 1000],
      [750, 1000],
      [1000, 1000],
    ]);
    const odd: number[] = [];
    bootstrapStatistic(3, (w) => w[0], { nResamples: 260, method: "percentile", onProgress: (done) => odd.push(done) });
    expect(odd).toEqual([250, 260]);
  });
});

describe("properties on seeded random data", () => {
  it("low <= high always; percentile intervals on symmetric data contain the estimate", () => {
    const rng = createRng(2024);
    for (let trial = 0; trial < 30; trial++) {
      const n = 2 + rng.nextInt(60);
      // symmetric: values ±v around a centre, so the estimate is the centre of the distribution
      const centre = 10 * rng.nextFloat() - 5;
      const half = Array.from({ length: n }, () => rng.nextFloat() * 3);
      const symmetric = [...half.map((v) => centre + v), ...half.map((v) => centre - v)];
      const level = 0.5 + 0.49 * rng.nextFloat();
      const seed = trial;
      const p = bootstrapMean(symmetric, { method: "percentile", level, nResamples: 400, seed });
      expect(p.low).toBeLessThanOrEqual(p.estimate);
      expect(p.high).toBeGreaterThanOrEqual(p.estimate);
      // skewed data, every method
      const skewed = Array.from({ length: n }, () => -Math.log(1 - rng.nextFloat()));
      for (const method of ["percentile", "basic", "bca"] as const) {
        const r = bootstrapMean(skewed, { method, level, nResamples: 400, seed });
        expect(r.low).toBeLessThanOrEqual(r.high);
        expect(Number.isFinite(r.low) && Number.isFinite(r.high)).toBe(true);
      }
    }
  });

  it("a higher level gives a wider interval from the same resamples", () => {
    const x = Array.from({ length: 40 }, (_, i) => Math.sin(i) + i / 40);
    const narrow = bootstrapMean(x, { level: 0.8, method: "percentile", nResamples: 2000, seed: 5 });
    const wide = bootstrapMean(x, { level: 0.99, method: "percentile", nResamples: 2000, seed: 5 });
    expect(wide.low).toBeLessThan(narrow.low);
    expect(wide.high).toBeGreaterThan(narrow.high);
  });
});
