import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expectBug } from "./bug-error.js";
import { normalCdf, normalPpf, studentTCdf, studentTPpf } from "../src/stats/distributions.js";

// Rows: [argument(s)..., scipy value (null where scipy fails), exact value from mpmath at 40 digits].
// See test/fixtures/make_distributions_reference.py.
const reference = JSON.parse(
  readFileSync(new URL("./fixtures/distributions_reference.json", import.meta.url), "utf8"),
) as {
  ndtr: [number, number, number][];
  ndtri: [number, number, number][];
  t_cdf: [number, number, number | null, number][];
  t_ppf: [number, number, number | null, number][];
};

/** |x - y| / |y|, 0 when equal; below the normal range of doubles (1e-300) the absolute error scaled to it. */
function relativeError(x: number, y: number): number {
  if (x === y) return 0;
  return Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);
}

/**
 * Checks `ours` against the exact value to `exactTolerance`, and against scipy to `scipyTolerance`
 * on every row where scipy itself is within `scipyTolerance` of the exact value.
 * Returns the largest errors seen, so the tests can state what is reached.
 */
function compare(
  rows: { args: number[]; ours: number; scipy: number | null; exact: number }[],
  exactTolerance: number,
  scipyTolerance: number,
): { exact: number; scipy: number; scipyRowsSkipped: number } {
  let worstExact = 0;
  let worstScipy = 0;
  let skipped = 0;
  const failures: string[] = [];
  for (const { args, ours, scipy, exact } of rows) {
    const e = relativeError(ours, exact);
    worstExact = Math.max(worstExact, e);
    if (!(e <= exactTolerance)) failures.push(`(${args.join(", ")}): ours ${ours}, exact ${exact}, rel ${e}`);
    if (scipy === null || !(relativeError(scipy, exact) <= scipyTolerance)) {
      skipped++;
      continue;
    }
    const s = relativeError(ours, scipy);
    worstScipy = Math.max(worstScipy, s);
    if (!(s <= scipyTolerance)) failures.push(`(${args.join(", ")}): ours ${ours}, scipy ${scipy}, rel ${s}`);
  }
  expect(failures).toEqual([]);
  return { exact: worstExact, scipy: worstScipy, scipyRowsSkipped: skipped };
}

describe("normalCdf (scipy.special.ndtr)", () => {
  it("agrees with scipy to 1e-12 and with the exact value to 1e-15 relative, tails included", () => {
    const rows = reference.ndtr.map(([z, scipy, exact]) => ({ args: [z], ours: normalCdf(z), scipy, exact }));
    const worst = compare(rows, 1e-15, 1e-12);
    // Reached: ~3e-16 against mpmath. Scipy 1.17 itself is off by up to 6e-14 in the far tail
    // (it squares z/√2 after rounding it), and returns 0 at z = -38 where Φ = 2.885e-316.
    expect(worst.exact).toBeLessThan(1e-15);
    expect(worst.scipyRowsSkipped).toBe(0);
  });

  it("works known values and symmetry", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145705, 15);
    for (const z of [0.1, 0.5, 1, 2.5, 5]) expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 15);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-50)).toBe(0);
  });

  it("rejects NaN", () => {
    expectBug(() => normalCdf(Number.NaN), /z is NaN/); // a NaN computed upstream is a bug
  });
});

describe("normalPpf (scipy.special.ndtri)", () => {
  it("agrees with scipy and the exact value to 1e-15 relative, from p = 1e-300 to 1 - 1e-12", () => {
    const rows = reference.ndtri.map(([p, scipy, exact]) => ({ args: [p], ours: normalPpf(p), scipy, exact }));
    const worst = compare(rows, 1e-15, 1e-15);
    expect(worst.scipyRowsSkipped).toBe(0);
  });

  it("inverts normalCdf and handles the ends", () => {
    expect(normalPpf(0.975)).toBeCloseTo(1.959963984540054, 15);
    expect(normalPpf(0.5)).toBe(0);
    expect(normalPpf(0)).toBe(-Infinity);
    expect(normalPpf(1)).toBe(Infinity);
    // Φ(Φ⁻¹(p)) = p up to the conditioning of Φ in the tail: relative error ≈ z²·ε (z = -30 at 1e-200).
    for (const p of [1e-200, 1e-10, 0.001, 0.3, 0.7, 0.999]) {
      const z = normalPpf(p);
      expect(relativeError(normalCdf(z), p)).toBeLessThan(4e-16 * Math.max(1, z * z));
    }
  });

  it("rejects p outside [0, 1]", () => {
    for (const p of [-0.1, 1.1, Number.NaN]) expectBug(() => normalPpf(p), /p must be a probability/);
  });
});

describe("studentTCdf (scipy.stats.t.cdf)", () => {
  it("agrees with scipy to 1e-12 and the exact value to 1e-13 relative over t and df", () => {
    // df = 0.5, 1, 2, 2.5, 3, 5, 10, 30, 1000, 1e5; t from ±1e-5 to ±1e10 and at P = 1e-12.
    const rows = reference.t_cdf.map(([t, df, scipy, exact]) => ({ args: [t, df], ours: studentTCdf(t, df), scipy, exact }));
    const worst = compare(rows, 1e-13, 1e-12);
    // Reached: ~3e-14 against mpmath; scipy is off by 2.6e-13 at t = ±1e-5, df = 1.
    expect(worst.scipyRowsSkipped).toBe(0);
  });

  it("matches closed forms: Cauchy for df = 1, t/(2·sqrt(2 + t²)) for df = 2", () => {
    for (const t of [-30, -2, -0.5, 0.25, 1, 7]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 15);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 15);
    }
  });

  it("tends to the normal: df = Infinity is normalCdf, df = 1e7 is within 1e-7", () => {
    for (const t of [-3, -1, 0, 2]) {
      expect(studentTCdf(t, Infinity)).toBe(normalCdf(t));
      expect(Math.abs(studentTCdf(t, 1e7) - normalCdf(t))).toBeLessThan(1e-7);
    }
  });

  it("handles infinite t and rejects bad df", () => {
    expect(studentTCdf(-Infinity, 3)).toBe(0);
    expect(studentTCdf(Infinity, 3)).toBe(1);
    for (const df of [0, -1, Number.NaN]) expectBug(() => studentTCdf(1, df), /df/);
    expectBug(() => studentTCdf(Number.NaN, 3), /t is NaN/);
  });
});

describe("studentTPpf (scipy.stats.t.ppf)", () => {
  it("agrees with scipy to 1e-12 and the exact value to 1e-13 relative, from p = 1e-300", () => {
    const rows = reference.t_ppf.map(([p, df, scipy, exact]) => ({ args: [p, df], ours: studentTPpf(p, df), scipy, exact }));
    const worst = compare(rows, 1e-13, 1e-12);
    // Reached: ~7e-14 against mpmath. Scipy 1.17 returns inf for p = 1e-300 at df = 2.5, 3, 5, 10
    // and -4.7e153 instead of -1.03e199 at p = 1e-100, df = 0.5: those rows are skipped.
    expect(worst.scipyRowsSkipped).toBe(5);
  });

  it("works textbook critical values and round-trips through the cdf", () => {
    expect(studentTPpf(0.975, 10)).toBeCloseTo(2.228138851986274, 14);
    expect(studentTPpf(0.975, 1)).toBeCloseTo(12.706204736174694, 13);
    expect(studentTPpf(0.5, 4)).toBe(0);
    expect(studentTPpf(0, 4)).toBe(-Infinity);
    expect(studentTPpf(1, 4)).toBe(Infinity);
    expect(studentTPpf(0.975, Infinity)).toBe(normalPpf(0.975));
    for (const df of [0.7, 1, 3.5, 12, 250, 1e6]) {
      for (const p of [1e-9, 0.01, 0.3, 0.4999, 0.8, 0.995]) {
        expect(relativeError(studentTCdf(studentTPpf(p, df), df), p)).toBeLessThan(1e-12);
      }
    }
  });

  it("returns -Infinity where the quantile is beyond the doubles", () => {
    expect(studentTPpf(1e-300, 0.5)).toBe(-Infinity); // ≈ -1e600
  });

  it("rejects bad p and df", () => {
    for (const p of [-1e-9, 1.5, Number.NaN]) expect(() => studentTPpf(p, 3)).toThrow(/p must be/);
    for (const df of [0, -2]) expect(() => studentTPpf(0.5, df)).toThrow(/df/);
  });
});
