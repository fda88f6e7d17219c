// The GELU references (gelu-kernel.ts, erfc.ts) against float64 values from Python's math
// module, written by test/fixtures/make_gelu_reference.py into gelu_reference.json.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { erfc } from "../src/tensor/erfc.js";
import { geluBackward, geluForward, geluTanhBackward, geluTanhForward } from "../src/tensor/gelu-kernel.js";

interface Row {
  x: number;
  erf: number;
  erfc: number;
  gelu: number;
  gelu_grad: number;
  gelu_tanh: number;
  gelu_tanh_grad: number;
}
const rows = (JSON.parse(readFileSync("test/fixtures/gelu_reference.json", "utf8")) as { rows: Row[] }).rows;
const x = Float32Array.from(rows, (r) => r.x); // the script rounded each x to float32: exact here

/**
 * Largest |actual − expected| / (|expected| + floor) over the rows: the relative error, with
 * `floor` the size below which an absolute error is what counts (float32 cannot hold less
 * than ~1e-38 normal; a derivative crosses 0).
 */
function worstError(actual: ArrayLike<number>, expected: (r: Row) => number, floor: number): number {
  return rows.reduce((worst, r, i) => Math.max(worst, Math.abs(actual[i] - expected(r)) / (Math.abs(expected(r)) + floor)), 0);
}

describe("erfc (Numerical Recipes' erfcc fit)", () => {
  it("is within its published fractional error 1.2e-7 of Python's math.erfc everywhere, tails included", () => {
    expect(rows.length).toBeGreaterThan(400);
    expect(worstError(rows.map((r) => erfc(r.x)), (r) => r.erfc, 0)).toBeLessThan(1.2e-7);
  });

  it("gives erf = 1 − erfc within 1e-7 of Python's math.erf", () => {
    expect(worstError(rows.map((r) => 1 - erfc(r.x)), (r) => r.erf, 1)).toBeLessThan(1e-7);
  });
});

describe("GELU reference kernels", () => {
  it("exact: y = x·Φ(x) to float32 precision, and Φ(x) kept for backward", () => {
    const [y, cdf] = [new Float32Array(x.length), new Float32Array(x.length)];
    geluForward(y, x, cdf);
    expect(worstError(y, (r) => r.gelu, 1e-37)).toBeLessThan(2e-7); // measured 1.4e-7: erfc's 1.05e-7 and float32 rounding
    // Φ(x) = GELU(x)/x where x ≠ 0
    rows.forEach((r, i) => r.x !== 0 && Math.abs(r.x) < 12 && expect(Math.abs(cdf[i] - r.gelu / r.x) / (r.gelu / r.x), `Φ(${r.x})`).toBeLessThan(2e-7));
  });

  it("exact: dx += dy·(Φ(x) + x·φ(x)) from the kept Φ(x)", () => {
    const [y, cdf] = [new Float32Array(x.length), new Float32Array(x.length)];
    geluForward(y, x, cdf);
    const dx = new Float32Array(x.length).fill(0.5); // accumulates onto what is there
    geluBackward(dx, new Float32Array(x.length).fill(2), x, cdf);
    expect(worstError(dx.map((v) => (v - 0.5) / 2), (r) => r.gelu_grad, 1)).toBeLessThan(1e-7); // measured 4.3e-8
  });

  it("tanh form: y and dy/dx as GPT-2's formula in float64", () => {
    const [y, t] = [new Float32Array(x.length), new Float32Array(x.length)];
    geluTanhForward(y, x, t);
    expect(worstError(y, (r) => r.gelu_tanh, 1e-37)).toBeLessThan(1e-7);
    const dx = new Float32Array(x.length);
    geluTanhBackward(dx, new Float32Array(x.length).fill(1), x, t);
    // tanh u is kept in float32, and 1 − t² loses digits where |t| nears 1: measured 4.6e-7.
    expect(worstError(dx, (r) => r.gelu_tanh_grad, 1)).toBeLessThan(1e-6);
  });

  it("the two forms differ by up to about 5e-4 (near x = ±2.2), so a test can tell them apart", () => {
    const gap = rows.reduce((worst, r) => Math.max(worst, Math.abs(r.gelu - r.gelu_tanh)), 0);
    expect(gap).toBeGreaterThan(1e-4);
  });
});
