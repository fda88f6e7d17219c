/**
 * Emulated low precision: a float rounded to the nearest bfloat16 or IEEE half (fp16) and
 * back, as a tensor cast `.to(torch.bfloat16)` / `.to(torch.float16)` does, so that a run on
 * float32 kernels can show what mixed precision does to training: bf16 keeps float32's range
 * with 8 bits of significand; fp16 keeps 11 bits but overflows to ±inf at 65520 and flushes
 * magnitudes below 2^-25 to zero (underflow), the reason fp16 training needs loss scaling.
 */

export type Precision = "fp32" | "bf16" | "fp16";

const bits = new DataView(new ArrayBuffer(4));

/**
 * x rounded to bfloat16 (round to nearest, ties to even, on float32's top 16 bits; a value
 * past bf16's largest rounds to ±inf, NaN stays NaN).
 *
 * @example roundToBf16(1 / 3) // 0.333984375
 */
export function roundToBf16(x: number): number {
  if (Number.isNaN(x)) return NaN;
  bits.setFloat32(0, x);
  const u = bits.getUint32(0);
  // Add half a unit in the last kept place (0x7FFF, plus 1 when the kept lsb is odd: ties to even).
  const rounded = (u + 0x7fff + ((u >>> 16) & 1)) & 0xffff0000;
  bits.setUint32(0, rounded >>> 0);
  return bits.getFloat32(0);
}

const HALF_MAX_ROUNDED_UP_BITS = 0x477ff000; // 65520, halfway between 65504 (fp16's largest) and 65536: ties to even give inf
const HALF_MIN_NORMAL_BITS = 0x38800000; // 2^-14
const TWO_POW_24 = 2 ** 24;

/**
 * x rounded to IEEE half precision (round to nearest, ties to even): ±inf from 65520 on,
 * subnormals in steps of 2^-24 below 2^-14, zero below 2^-25. x is first a float32 (as a
 * tensor element is), so the rounding works on its bits: a normal fp16 keeps float32's top
 * 10 fraction bits of 23.
 *
 * @example roundToFp16(65519) // 65504
 * @example roundToFp16(1e-8) // 0 (underflow)
 */
export function roundToFp16(x: number): number {
  bits.setFloat32(0, x);
  const u = bits.getUint32(0);
  const sign = u & 0x80000000;
  const magnitude = u & 0x7fffffff;
  if (magnitude >= 0x7f800000) return bits.getFloat32(0); // ±inf and NaN stay
  if (magnitude >= HALF_MAX_ROUNDED_UP_BITS) return sign ? -Infinity : Infinity;
  if (magnitude >= HALF_MIN_NORMAL_BITS) {
    // Drop 13 fraction bits, adding half of the dropped unit (0xfff, plus 1 when the kept lsb is odd: ties to even).
    const rounded = (magnitude + 0xfff + ((magnitude >>> 13) & 1)) & ~0x1fff;
    bits.setUint32(0, (sign | rounded) >>> 0);
    return bits.getFloat32(0);
  }
  // Subnormal fp16: multiples of 2^-24 (a·2^24 is exact in a double).
  const r = roundHalfEven(Math.abs(bits.getFloat32(0)) * TWO_POW_24) / TWO_POW_24;
  return sign ? -r : r;
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

/** Rounds every value of `data` to `precision` in place ("fp32": as it is). */
export function roundInPlace(data: Float32Array, precision: Precision): void {
  if (precision === "fp32") return;
  const round = precision === "bf16" ? roundToBf16 : roundToFp16;
  for (let i = 0; i < data.length; i++) data[i] = round(data[i]);
}
