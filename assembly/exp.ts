// e^x on 4 float32 lanes, the Cephes library's expf (Moshier 1989): x = n·ln 2 + r with
// |r| ≤ ½ ln 2 (ln 2 split in two constants so n·ln 2 is exact), e^r from a degree-5
// polynomial, 2^n built in the exponent bits. Within a few ulp of e^x in float32.
// Used by both GELUs (gelu.ts's erfc, gelu-tanh.ts's tanh) and the row softmax (softmax.ts, also attention's).
//
// Written for V8's x64 code: the clamp uses pmin/pmax (one minps/maxps each; min/max
// with wasm's NaN and −0 rules take several instructions), and n = round(x / ln 2) comes
// from adding 1.5·2^23, which leaves n, rounded to nearest even, in the low mantissa
// bits: no nearest and no float-to-int conversion (a long sequence in V8).

/** 1.5·2^23: for |y| < 2^22, y + MAGIC rounds y to an integer held in the low mantissa bits. */
const MAGIC: f32 = 12582912.0;
/** The bits of MAGIC (exponent 150, mantissa 0x400000). */
const MAGIC_BITS: i32 = 0x4b400000;

/**
 * e^x for each lane, Cephes expf. Below −87.3 (where e^x nears the smallest normal float)
 * the result is 0, so masked (−∞) scores get weight exactly 0 and no subnormal follows;
 * above 88.3 it is clamped to about 2.2e38 (finite); NaN stays NaN.
 */
// @ts-ignore: AssemblyScript decorator
@inline
export function exp4(x: v128): v128 {
  const underflow = f32x4.lt(x, f32x4.splat(-87.3)); // all-ones lanes where the result is 0
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.3)), f32x4.splat(88.3));
  const shifted = f32x4.add(f32x4.mul(x, f32x4.splat(1.4426950408889634)), f32x4.splat(MAGIC)); // x / ln 2 + MAGIC
  const n = f32x4.sub(shifted, f32x4.splat(MAGIC)); // round(x / ln 2)
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
  const pow2n = i32x4.shl(i32x4.sub(shifted, i32x4.splat(MAGIC_BITS - 127)), 23); // 2^n as float bits: (n + 127) << 23
  return v128.andnot(f32x4.mul(y, pow2n), underflow);
}

/** tanh of each lane: 1 − 2/(e^{2u} + 1). */
