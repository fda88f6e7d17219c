// WebAssembly SIMD GELU (tanh form, GPT-2's gelu), forward and backward, 4 floats a step:
//
//   u = √(2/π)·(x + 0.044715·x³),  t = tanh u,  y = ½·x·(1 + t)
//   dy/dx = ½·(1 + t) + ½·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²)
//
// tanh u = 1 − 2/(e^{2u} + 1), with e^z from the Cephes library's expf (Moshier 1989):
// z = n·ln 2 + r with |r| ≤ ½ ln 2 (ln 2 split in two constants so n·ln 2 is exact),
// e^r from a degree-5 polynomial, 2^n built in the exponent bits. In float32 this is
// within a few ulp of e^z, and t within ~1e-7 of tanh u (absolute), which is what GELU needs.
// The caller pads n to a multiple of 4.

const SQRT_2_OVER_PI: f32 = 0.7978845608028654;
const COEFF: f32 = 0.044715;

/** e^x for each lane, Cephes expf; x is clamped to [−87.3, 88.3] (beyond, the result is 0 or +max). */
// @ts-ignore: AssemblyScript decorator
@inline
function exp4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.3)), f32x4.splat(88.3));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.4426950408889634))); // round(x / ln 2)
  x = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375))); // r = x − n·C1 − n·C2, C1 + C2 = ln 2
  x = f32x4.sub(x, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  const z = f32x4.mul(x, x);
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, z), x), f32x4.splat(1)); // e^r
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23); // 2^n as float bits
  return f32x4.mul(y, pow2n);
}

/** tanh of each lane: 1 − 2/(e^{2u} + 1). */
// @ts-ignore: AssemblyScript decorator
@inline
function tanh4(u: v128): v128 {
  const e = exp4(f32x4.add(u, u));
  return f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
}

/** y = GELU(x) for n floats (n a multiple of 4); tanh u is written to `t` unless t = 0. */
export function geluForward(x: usize, n: i32, y: usize, t: usize): void {
  for (let i = 0; i < n; i += 4) {
    const offset = <usize>i * 4;
    const v = v128.load(x + offset);
    const u = f32x4.mul(f32x4.splat(SQRT_2_OVER_PI), f32x4.add(v, f32x4.mul(f32x4.splat(COEFF), f32x4.mul(v, f32x4.mul(v, v)))));
    const tu = tanh4(u);
    if (t) v128.store(t + offset, tu);
    v128.store(y + offset, f32x4.mul(f32x4.mul(f32x4.splat(0.5), v), f32x4.add(f32x4.splat(1), tu)));
  }
}

/** dx += dy · GELU'(x) for n floats (n a multiple of 4), from the kept t = tanh u. */
export function geluBackward(dx: usize, dy: usize, x: usize, t: usize, n: i32): void {
  const half = f32x4.splat(0.5);
  const one = f32x4.splat(1);
  for (let i = 0; i < n; i += 4) {
    const offset = <usize>i * 4;
    const v = v128.load(x + offset);
    const tu = v128.load(t + offset);
    const slope = f32x4.mul(f32x4.splat(SQRT_2_OVER_PI), f32x4.add(one, f32x4.mul(f32x4.splat(3 * COEFF), f32x4.mul(v, v))));
    const local = f32x4.add(f32x4.mul(half, f32x4.add(one, tu)), f32x4.mul(f32x4.mul(f32x4.mul(half, v), f32x4.sub(one, f32x4.mul(tu, tu))), slope));
    v128.store(dx + offset, f32x4.add(v128.load(dx + offset), f32x4.mul(v128.load(dy + offset), local)));
  }
}
