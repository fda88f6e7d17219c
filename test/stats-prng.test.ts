import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { expectBug } from "./bug-error.js";
import { createRng, fillUniformInts, rngFromState, type Rng } from "../src/stats/prng.js";

function take(rng: Rng, count: number): number[] {
  return Array.from({ length: count }, () => rng.nextUint32());
}

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquareUniform(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

describe("xoshiro128**", () => {
  it("matches the reference C implementation (Blackman & Vigna) from a given state", () => {
    // Outputs of xoshiro128starstar.c's next() from s = {1, 2, 3, 4}, compiled with gcc.
    expect(take(rngFromState([1, 2, 3, 4]), 6)).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
    // ... and from a state with high bits set in every word (exercises the unsigned shifts).
    expect(take(rngFromState([0xdeadbeef, 0x80000001, 0xffffffff, 7]), 4)).toEqual([
      6336, 3132620587, 1159357836, 811105913,
    ]);
  });

  it("gives the same stream for the same seed, pinned so a change of platform or code shows up", () => {
    expect(take(createRng(42), 5)).toEqual([3955549843, 4118778864, 3814510115, 3936878824, 141402803]);
    expect(take(createRng(42), 100)).toEqual(take(createRng(42), 100));
    const rng = createRng(42);
    expect(rng.nextFloat()).toBe(0.920973218671813);
    expect(rng.nextInt(6)).toBe(5);
  });

  it("gives unrelated streams for nearby seeds", () => {
    const firsts = new Set<number>();
    let differingBits = 0;
    for (let seed = 0; seed < 200; seed++) {
      const a = createRng(seed).nextUint32();
      const b = createRng(seed + 1).nextUint32();
      firsts.add(a);
      let x = (a ^ b) >>> 0;
      while (x !== 0) {
        differingBits += x & 1;
        x >>>= 1;
      }
    }
    expect(firsts.size).toBe(200);
    // Independent words differ in 16 of 32 bits on average (sd of the mean over 200: ~0.2).
    expect(differingBits / 200).toBeGreaterThan(15);
    expect(differingBits / 200).toBeLessThan(17);
  });

  it("accepts any finite seed: non-integers and large values are distinct seeds, -0 is 0", () => {
    expect(take(createRng(0.5), 3)).not.toEqual(take(createRng(0), 3));
    expect(take(createRng(1e300), 3)).not.toEqual(take(createRng(-1e300), 3));
    expect(take(createRng(-0), 3)).toEqual(take(createRng(0), 3));
    expect(take(createRng(2 ** 40), 3)).not.toEqual(take(createRng(2 ** 40 + 1), 3));
  });

  it("rejects a non-finite seed", () => {
    expect(() => createRng(Number.NaN)).toThrow(InputError);
    expect(() => createRng(Infinity)).toThrow(/seed/);
  });

  it("resumes a stream exactly from state()", () => {
    const a = createRng(7);
    a.nextFloat();
    a.nextInt(1000);
    const snapshot = a.state();
    expect(snapshot).toHaveLength(4);
    snapshot.forEach((word) => expect(Number.isInteger(word) && word >= 0 && word < 2 ** 32).toBe(true));
    const b = rngFromState(snapshot);
    expect(take(b, 50)).toEqual(take(a, 50));
    // The snapshot is a copy: drawing more does not change it, and it survives JSON (checkpoints).
    const c = rngFromState(JSON.parse(JSON.stringify(snapshot)) as number[]);
    expect(take(c, 50)).toEqual(take(rngFromState(snapshot), 50));
  });

  it("rejects invalid states", () => {
    expect(() => rngFromState([1, 2, 3])).toThrow(InputError);
    expect(() => rngFromState([1, 2, 3, 2 ** 32])).toThrow(InputError);
    expect(() => rngFromState([1, 2, 3, -1])).toThrow(InputError);
    expect(() => rngFromState([1, 2, 3, 0.5])).toThrow(InputError);
    expect(() => rngFromState([0, 0, 0, 0])).toThrow(/not all zero/);
  });
});

describe("nextFloat", () => {
  it("lies in [0, 1), is a multiple of 2^-53 and has mean 1/2", () => {
    const rng = createRng(3);
    const n = 100_000;
    let sum = 0;
    let min = 1;
    let max = 0;
    let oddLowBit = 0;
    let offGrid = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
      const scaled = u * 2 ** 53;
      if (!Number.isInteger(scaled)) offGrid++;
      if (scaled % 2 === 1) oddLowBit++;
    }
    expect(offGrid).toBe(0);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // sd of the mean of n uniforms: sqrt(1/12/n) ≈ 0.0009; allow 4 sd.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    // The 53rd bit is random too (about half the draws set it).
    expect(oddLowBit / n).toBeGreaterThan(0.48);
    expect(oddLowBit / n).toBeLessThan(0.52);
  });
});

describe("nextInt", () => {
  it("is uniform on [0, n) by a chi-square test (n = 10 and n = 7)", () => {
    for (const n of [10, 7]) {
      const rng = createRng(n);
      const counts = new Array<number>(n).fill(0);
      for (let i = 0; i < 70_000; i++) counts[rng.nextInt(n)]++;
      // chi-square 0.999 quantiles: 27.88 (9 df), 22.46 (6 df)
      expect(chiSquareUniform(counts)).toBeLessThan(n === 10 ? 27.88 : 22.46);
    }
  });

  it("has no modulo bias for a bound near 2^32 (n = 3·2^30)", () => {
    // x mod n would put values below 2^30 twice as often as the other two thirds.
    const n = 3 * 2 ** 30;
    const rng = createRng(11);
    const counts = [0, 0, 0];
    let outOfRange = 0;
    for (let i = 0; i < 30_000; i++) {
      const v = rng.nextInt(n);
      if (!(Number.isInteger(v) && v >= 0 && v < n)) outOfRange++;
      else counts[Math.floor(v / 2 ** 30)]++;
    }
    expect(outOfRange).toBe(0);
    expect(chiSquareUniform(counts)).toBeLessThan(13.82); // 0.999 quantile, 2 df
  });

  it("handles the ends of its range", () => {
    const rng = createRng(5);
    expect(Array.from({ length: 100 }, () => rng.nextInt(1)).every((v) => v === 0)).toBe(true);
    const full = Array.from({ length: 100 }, () => rng.nextInt(2 ** 32));
    expect(full.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32)).toBe(true);
    expect(full.some((v) => v >= 2 ** 31)).toBe(true);
  });

  it("rejects bounds outside [1, 2^32] and non-integers", () => {
    const rng = createRng(0);
    for (const bad of [0, -1, 1.5, 2 ** 32 + 1, Number.NaN, Infinity]) {
      expectBug(() => rng.nextInt(bad), /nextInt bound/);
    }
  });
});

describe("fillUniformInts", () => {
  it("draws exactly what repeated nextInt would, on the fast path and the general one", () => {
    // 2096129 < 2^21 has the largest rejection threshold (2^32 mod n = 2095104, p ≈ 4.9e-4) of
    // the fast path's range, so 100,000 draws go through the rejection branch ~50 times.
    for (const n of [1, 2, 10, 10_000, 2_096_129, 2 ** 21 + 1, 3 * 2 ** 30, 2 ** 32]) {
      const batch = createRng(n);
      const single = createRng(n);
      const out = new Uint32Array(n === 2_096_129 ? 100_000 : 5_000);
      fillUniformInts(batch, n, out);
      const expected = Array.from({ length: out.length }, () => single.nextInt(n));
      expect(Array.from(out)).toEqual(expected);
      expect(batch.state()).toEqual(single.state());
      // A second batch continues the same stream.
      fillUniformInts(batch, n, out.subarray(0, 10));
      expect(Array.from(out.subarray(0, 10))).toEqual(Array.from({ length: 10 }, () => single.nextInt(n)));
      expect(batch.state()).toEqual(single.state());
    }
  });

  it("works with any Rng, not only ours", () => {
    let k = 0;
    const counter: Rng = { nextUint32: () => 0, nextFloat: () => 0, nextInt: (n) => k++ % n, state: () => [] };
    const out = new Uint32Array(5);
    fillUniformInts(counter, 3, out);
    expect(Array.from(out)).toEqual([0, 1, 2, 0, 1]);
  });
});
