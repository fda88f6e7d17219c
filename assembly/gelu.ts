// WebAssembly SIMD GELU (exact form, PyTorch's nn.GELU(), nanoGPT's MLP), forward and
// backward, 4 floats a step, as src/tensor/gelu-kernel.ts's geluForward/geluBackward
// (float64 there):
//
//   Φ(x) = ½·erfc(−x/√2),  y = x·Φ(x)
//   dy/dx = Φ(x) + x·φ(x),  φ(x) = e^(−x²/2)/√(2π)
//
// erfc is Numerical Recipes' erfcc Chebyshev fit (src/tensor/erfc.ts has the formula and
// its source), with e^z from exp.ts (Cephes expf). With z = |x|/√2 and tail = erfc(z):
// Φ(x) = ½·tail for x ≤ 0 and 1 − ½·tail for x > 0, so the left tail keeps its relative
// precision. Past |x| ≈ 13 the exponent is below exp4's −87.3 and tail is exactly 0.
// The caller pads n to a multiple of 4.
import { exp4 } from "./exp";

const INV_SQRT_2: f32 = 0.7071067811865476;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

/** Φ(x) for each lane of v. */
// @ts-ignore: AssemblyScript decorator
@inline
function normalCdf(v: v128): v128 {
  const z = f32x4.mul(f32x4.abs(v), f32x4.splat(INV_SQRT_2));
  const t = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), f32x4.mul(f32x4.splat(0.5), z)));
  // The fit's polynomial in t, Horner order (erfc.ts's ERFC_COEFFICIENTS).
  let p = f32x4.splat(0.17087277);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-0.82215223));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.48851587));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.13520398));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.27886807));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-0.18628806));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.09678418));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.37409196));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.00002368));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.26551223));
  const halfTail = f32x4.mul(f32x4.mul(f32x4.splat(0.5), t), exp4(f32x4.sub(p, f32x4.mul(z, z)))); // ½·erfc(z)
  // x > 0: 1 − ½·erfc(z); otherwise ½·erfc(z).
  return v128.bitselect(f32x4.sub(f32x4.splat(1), halfTail), halfTail, f32x4.gt(v, f32x4.splat(0)));
}

/**
 * y = GELU(x) for n floats (n a multiple of 4); Φ(x) is written to `cdf` unless cdf = 0.
 * Four vectors a step, all computed before any is stored: each is a long chain of
 * dependent operations (division, polynomial, exp), and four independent chains keep the
 * FP pipes busy where one leaves them waiting (as gelu-tanh.ts does).
 */
export function geluForward(x: usize, n: i32, y: usize, cdf: usize): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const at = <usize>i * 4;
    const v0 = v128.load(x + at);
    const v1 = v128.load(x + at, 16);
    const v2 = v128.load(x + at, 32);
    const v3 = v128.load(x + at, 48);
    const c0 = normalCdf(v0);
    const c1 = normalCdf(v1);
    const c2 = normalCdf(v2);
    const c3 = normalCdf(v3);
    if (cdf) {
      v128.store(cdf + at, c0);
      v128.store(cdf + at, c1, 16);
      v128.store(cdf + at, c2, 32);
      v128.store(cdf + at, c3, 48);
    }
    v128.store(y + at, f32x4.mul(v0, c0));
    v128.store(y + at, f32x4.mul(v1, c1), 16);
    v128.store(y + at, f32x4.mul(v2, c2), 32);
    v128.store(y + at, f32x4.mul(v3, c3), 48);
  }
  for (; i < n; i += 4) {
    const at = <usize>i * 4;
    const v = v128.load(x + at);
    const c = normalCdf(v);
    if (cdf) v128.store(cdf + at, c);
    v128.store(y + at, f32x4.mul(v, c));
  }
}

/** dx += dy · (Φ(x) + x·φ(x)) for n floats (n a multiple of 4), from the kept Φ(x) in `cdf`. */
export function geluBackward(dx: usize, dy: usize, x: usize, cdf: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const offset = <usize>i * 4;
    const v = v128.load(x + offset);
    const density = f32x4.mul(f32x4.splat(INV_SQRT_2PI), exp4(f32x4.mul(f32x4.splat(-0.5), f32x4.mul(v, v)))); // φ(x)
    const local = f32x4.add(v128.load(cdf + offset), f32x4.mul(v, density));
    v128.store(dx + offset, f32x4.add(v128.load(dx + offset), f32x4.mul(v128.load(dy + offset), local)));
  }
}
