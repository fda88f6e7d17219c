import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { holmBonferroni } from "../src/stats/holm.js";
import { createRng } from "../src/stats/prng.js";

// statsmodels multipletests(method="holm"), transcribed in test/fixtures/make_stats_tests_reference.py.
const reference = JSON.parse(
  readFileSync(new URL("./fixtures/stats_tests_reference.json", import.meta.url), "utf8"),
) as { holm: { p: number[]; adjusted: number[] }[] };

describe("holmBonferroni", () => {
  it("works a 4-test example by hand, in input order", () => {
    // ascending 0.005, 0.01, 0.03, 0.04, times m − k + 1 = 4, 3, 2, 1:
    //   0.02, 0.03, 0.06, 0.04 → running max 0.02, 0.03, 0.06, 0.06
    const adjusted = holmBonferroni([0.04, 0.005, 0.03, 0.01]);
    expect(adjusted[0]).toBeCloseTo(0.06, 15);
    expect(adjusted[1]).toBeCloseTo(0.02, 15);
    expect(adjusted[2]).toBeCloseTo(0.06, 15);
    expect(adjusted[3]).toBeCloseTo(0.03, 15);
  });

  it("caps at 1 and keeps the step-down order monotone", () => {
    // ascending 0.1·4 = 0.4, 0.2·3 = 0.6, 0.3·2 = 0.6, 0.4·1 = 0.4 → running max 0.6
    expect(holmBonferroni([0.3, 0.2, 0.4, 0.1])).toEqual([0.6000000000000001, 0.6000000000000001, 0.6000000000000001, 0.4]);
    // 0.45·3 = 1.35 and 0.5·2 = 1 are capped at 1; 0.9 inherits 1 from the running max
    expect(holmBonferroni([0.45, 0.5, 0.9])).toEqual([1, 1, 1]);
  });

  it("leaves a single p-value alone and returns [] for no p-values", () => {
    expect(holmBonferroni([0.037])).toEqual([0.037]);
    expect(holmBonferroni([])).toEqual([]);
  });

  it("gives tied p-values equal adjusted values whatever their order", () => {
    expect(holmBonferroni([0.02, 0.9, 0.02, 0.02])).toEqual([0.08, 0.9, 0.08, 0.08]);
  });

  it("matches statsmodels' holm on the fixture cases", () => {
    for (const c of reference.holm) {
      const adjusted = holmBonferroni(c.p);
      expect(adjusted).toHaveLength(c.adjusted.length);
      adjusted.forEach((value, i) => expect(value).toBeCloseTo(c.adjusted[i], 14));
    }
  });

  it("is never below the raw p, never above Bonferroni or 1, and preserves the order of p", () => {
    const rng = createRng(2024);
    for (let trial = 0; trial < 200; trial++) {
      const m = 1 + rng.nextInt(25);
      const p = Array.from({ length: m }, () => (rng.nextFloat() < 0.2 ? 0.01 : rng.nextFloat() * 0.3));
      const adjusted = holmBonferroni(p);
      for (let i = 0; i < m; i++) {
        expect(adjusted[i]).toBeGreaterThanOrEqual(p[i]);
        expect(adjusted[i]).toBeLessThanOrEqual(Math.min(1, m * p[i]));
        for (let j = 0; j < m; j++) if (p[i] <= p[j]) expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j]);
      }
      // the smallest p always gets the full Bonferroni factor
      const smallest = Math.min(...p);
      expect(Math.min(...adjusted)).toBeCloseTo(Math.min(1, m * smallest), 14);
    }
  });

  it("rejects p-values outside [0, 1] with InputError naming the position", () => {
    expect(() => holmBonferroni([0.1, 1.2])).toThrow(InputError);
    expect(() => holmBonferroni([0.1, 1.2])).toThrow(/pValues\[1\] is 1.2, outside \[0, 1\]/);
    expect(() => holmBonferroni([-0.01])).toThrow(/pValues\[0\] is -0.01/);
    expect(() => holmBonferroni([NaN])).toThrow(/pValues\[0\] is NaN/);
  });
});
