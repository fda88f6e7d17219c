/**
 * A seeded pseudo-random number generator: xoshiro128** (Blackman & Vigna 2018,
 * "Scrambled linear pseudorandom number generators"), in 32-bit integer math so the
 * same seed gives the same stream on every platform and JavaScript engine.
 *
 * The 128-bit state is filled from the seed by splitmix32, so nearby seeds (0, 1, 2, ...)
 * give unrelated streams. xoshiro128** has period 2^128 - 1 and passes BigCrush; it is
 * not cryptographic, which is fine for resampling and initialization.
 */
import { InputError } from "../errors.js";

export interface Rng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform float in [0, 1) with 53 random bits (every double k / 2^53 equally likely). */
  nextFloat(): number;
  /** Uniform integer in [0, n), exactly unbiased; n is an integer in [1, 2^32]. */
  nextInt(n: number): number;
  /** Snapshot of the generator state (four uint32 words); `rngFromState` resumes from it. */
  state(): number[];
}

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_32 = 1 / TWO_POW_32;
const TWO_POW_MINUS_53 = 1 / 9007199254740992;
/** Largest bound for which x·n (x < 2^32) is an exact double, so the batch path needs no rounding. */
const EXACT_PRODUCT_BOUND = 2097152; // 2^21

/** The batch drawers of the generators made here, keyed by their Rng (see fillUniformInts). */
const batchDrawers = new WeakMap<Rng, (n: number, out: Uint32Array) => void>();

/**
 * A generator seeded by any finite number (integer or not).
 *
 * @example
 * const rng = createRng(42);
 * rng.nextInt(6); // a die roll; the same on every machine for seed 42
 */
export function createRng(seed: number): Rng {
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new InputError(`seed must be a finite number, got ${String(seed)}`, "pass an integer such as 0 or 42");
  }
  // The seed's 64 IEEE-754 bits, so non-integer and very large seeds are all distinct.
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, seed === 0 ? 0 : seed); // -0 and 0 are the same seed
  const high = bits.getUint32(0);
  const low = bits.getUint32(4);

  // splitmix32 (a 32-bit variant of Steele, Lea & Flood 2014's SplitMix, with the
  // avalanche constants of Chris Wellons' "lowbias32"): a Weyl sequence through a mixer.
  let weyl = mix32(high ^ 0x6a09e667) ^ low;
  const nextSplitmix = (): number => {
    weyl = (weyl + 0x9e3779b9) | 0;
    return mix32(weyl);
  };
  return xoshiro128starstar([nextSplitmix(), nextSplitmix(), nextSplitmix(), nextSplitmix()]);
}

/**
 * A generator that continues exactly where the one that produced `state` (from `rng.state()`) was.
 *
 * @example
 * const a = createRng(7); a.nextFloat();
 * const b = rngFromState(a.state());
 * a.nextUint32() === b.nextUint32(); // true
 */
export function rngFromState(state: readonly number[]): Rng {
  const valid =
    Array.isArray(state) &&
    state.length === 4 &&
    state.every((word) => Number.isInteger(word) && word >= 0 && word < TWO_POW_32) &&
    state.some((word) => word !== 0);
  if (!valid) {
    throw new InputError(
      `rng state must be four integers in [0, 2^32), not all zero; got ${JSON.stringify(state)}`,
      "pass the array returned by rng.state()",
    );
  }
  return xoshiro128starstar(state);
}

/**
 * Fills `out` with `out.length` successive draws of `rng.nextInt(n)`: the same values in the
 * same order, several times faster for generators made by this module (the state stays in
 * local variables for the whole batch). This is the bootstrap's inner loop.
 *
 * @example
 * const indices = new Uint32Array(100);
 * fillUniformInts(createRng(0), 100, indices); // one bootstrap resample of 100 examples
 */
export function fillUniformInts(rng: Rng, n: number, out: Uint32Array): void {
  const fast = batchDrawers.get(rng);
  if (fast !== undefined && n >= 1 && n <= EXACT_PRODUCT_BOUND && Math.floor(n) === n) {
    fast(n, out);
    return;
  }
  for (let i = 0; i < out.length; i++) out[i] = rng.nextInt(n);
}

/** lowbias32 integer hash (Wellons): two xorshift-multiply rounds, full avalanche. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

function xoshiro128starstar(initial: readonly number[]): Rng {
  let s0 = initial[0] | 0;
  let s1 = initial[1] | 0;
  let s2 = initial[2] | 0;
  let s3 = initial[3] | 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point

  function nextUint32(): number {
    // output = rotl(s1 * 5, 7) * 9
    const times5 = Math.imul(s1, 5);
    const result = Math.imul((times5 << 7) | (times5 >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  function nextFloat(): number {
    const high27 = nextUint32() >>> 5;
    const low26 = nextUint32() >>> 6;
    return (high27 * 67108864 + low26) * TWO_POW_MINUS_53; // (hi * 2^26 + lo) / 2^53
  }

  function nextInt(n: number): number {
    if (!(n >= 1 && n <= TWO_POW_32 && Math.floor(n) === n)) {
      throw new Error(`nextInt bound must be an integer in [1, 2^32], got ${n}`);
    }
    if (n === TWO_POW_32) return nextUint32();
    // Lemire 2019, "Fast random integer generation in an interval": the high word of the
    // 64-bit product x·n is uniform on [0, n) once products whose low word falls below
    // 2^32 mod n are rejected. The low word is exact via Math.imul; x·n in doubles is off by
    // at most 2^11, so rounding (x·n - low) / 2^32 recovers the exact high word.
    let x = nextUint32();
    let low = Math.imul(x, n) >>> 0;
    if (low < n) {
      const threshold = (TWO_POW_32 - n) % n; // = 2^32 mod n
      while (low < threshold) {
        x = nextUint32();
        low = Math.imul(x, n) >>> 0;
      }
    }
    return Math.round((x * n - low) * TWO_POW_MINUS_32);
  }

  // nextInt(n) repeated out.length times, for n <= 2^21 (x·n is then an exact double).
  // The step is nextUint32's, written out on local copies of the state.
  function fillSmallInts(n: number, out: Uint32Array): void {
    const threshold = TWO_POW_32 % n;
    const scale = TWO_POW_MINUS_32; // locals, so the loop needs no context loads
    const length = out.length;
    let a0 = s0;
    let a1 = s1;
    let a2 = s2;
    let a3 = s3;
    for (let i = 0; i < length; ) {
      const times5 = Math.imul(a1, 5);
      const x = Math.imul((times5 << 7) | (times5 >>> 25), 9) >>> 0;
      const t = a1 << 9;
      a2 ^= a0;
      a3 ^= a1;
      a1 ^= a2;
      a0 ^= a3;
      a2 ^= t;
      a3 = (a3 << 11) | (a3 >>> 21);
      if (Math.imul(x, n) >>> 0 >= threshold) out[i++] = (x * n * scale) | 0; // Lemire, as in nextInt
    }
    s0 = a0;
    s1 = a1;
    s2 = a2;
    s3 = a3;
  }

  function state(): number[] {
    return [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0];
  }

  const rng: Rng = { nextUint32, nextFloat, nextInt, state };
  batchDrawers.set(rng, fillSmallInts);
  return rng;
}
