/**
 * Random inputs for kata cases, drawn from a seeded generator. Floats are rounded to
 * float32 by default, so that a reference computed by lmdojo's float32 engine and a
 * solution in float64 start from exactly the same numbers.
 */
import type { Rng } from "../../stats/prng.js";
import { randn } from "../../tensor/tensor.js";
import { nd, ndInt, sizeOf, type NDArray } from "../values.js";

/** Normal values times `std`, as an array of `shape`. */
export const normal = (rng: Rng, shape: readonly number[], std = 1): NDArray => nd(shape, randn(shape, rng, std));

/** Uniform values in [lo, hi), rounded to float32. */
export function uniform(rng: Rng, shape: readonly number[], lo = 0, hi = 1): NDArray {
  return nd(shape, Array.from({ length: sizeOf(shape) }, () => Math.fround(lo + (hi - lo) * rng.nextFloat())));
}

/** Uniform integers in [lo, hi]. */
export const integer = (rng: Rng, lo: number, hi: number): number => lo + rng.nextInt(hi - lo + 1);

/** Uniform integers in [lo, hi] as an int64 array of `shape`. */
export function integers(rng: Rng, shape: readonly number[], lo: number, hi: number): NDArray {
  return ndInt(shape, Array.from({ length: sizeOf(shape) }, () => integer(rng, lo, hi)));
}

/** One of `items`, uniformly. */
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.nextInt(items.length)];
