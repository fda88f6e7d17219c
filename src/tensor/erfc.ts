/**
 * The complementary error function erfc(x) = 1 − erf(x) = (2/√π)·∫ₓ^∞ e^(−s²) ds, for the
 * exact GELU's normal CDF Φ(x) = ½·erfc(−x/√2).
 *
 * Numerical Recipes' `erfcc` (Press, Teukolsky, Vetterling & Flannery, Numerical Recipes in
 * C, 2nd ed. 1992, §6.2), a Chebyshev fit with fractional error below 1.2e-7 everywhere:
 *   z = |x|,  t = 1/(1 + z/2)
 *   erfc(z) = t·exp(−z² − 1.26551223 + t·(1.00002368 + t·(0.37409196 + … + t·0.17087277)))
 *   erfc(−z) = 2 − erfc(z)
 * The error is relative to erfc itself, so the tail (erfc(4) ≈ 1.5e-8) keeps its precision:
 * Φ(x) of a very negative x, and so GELU there, stays accurate to float32 rounding instead of
 * being 1 − erf(·) lost to cancellation. assembly/gelu.ts runs the same fit in float32.
 */

/** The fit's polynomial in t, highest degree first (Horner order). */
export const ERFC_COEFFICIENTS = [0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223] as const;

/** erfc(x), fractional error below 1.2e-7 for every real x (float64 arithmetic). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  let poly = 0;
  for (const c of ERFC_COEFFICIENTS) poly = poly * t + c;
  const tail = t * Math.exp(-z * z + poly);
  return x >= 0 ? tail : 2 - tail;
}
