import { describe, expect, it } from "vitest";
import { exactJaccard, jaccardEstimate, MINHASH_PRIME, minhashSignature, universalHash } from "../src/data/minhash.js";
import { normalizedWords, wordNgrams } from "../src/data/word-ngrams.js";
import { createRng } from "../src/stats/prng.js";

// Exact values from Python's big integers (/usr/bin/python3):
//   P = 2**31 - 1; a = [2147483646, 1234567891, 65536, 1]; b = [2147483646, 0, 99, 5]
//   ids = [2147483646, 1999999999, 123456789, 77777]
//   [[(ai*x + bi) % P for x in ids] for ai, bi in zip(a, b)]
const A = [2147483646, 1234567891, 65536, 1];
const B = [2147483646, 0, 99, 5];
const IDS = [2147483646, 1999999999, 123456789, 77777];
const HASHES = [
  [0, 147483647, 2024026857, 2147405869],
  [912915756, 1598242047, 1942826242, 550549996],
  [2147418210, 335539918, 1293225754, 802226277],
  [4, 2000000004, 123456794, 77782],
];

describe("universalHash", () => {
  it("is exact where a·x passes 2^53", () => {
    HASHES.forEach((row, i) => row.forEach((hash, j) => expect(universalHash(A[i], B[i], IDS[j])).toBe(hash)));
  });
});

describe("minhashSignature", () => {
  it("takes the minimum hash of the set under each function", () => {
    // Python: [min(...) for each row] = [0, 550549996, 335539918, 4]
    expect(minhashSignature(IDS, A, B)).toEqual([0, 550549996, 335539918, 4]);
  });

  it("ignores repeated ids and their order", () => {
    expect(minhashSignature([77777, 2147483646, 77777, 1999999999, 123456789], A, B)).toEqual(minhashSignature(IDS, A, B));
  });

  it("gives P in every entry for the empty set", () => {
    expect(minhashSignature([], A, B)).toEqual([MINHASH_PRIME, MINHASH_PRIME, MINHASH_PRIME, MINHASH_PRIME]);
  });
});

describe("Jaccard similarity", () => {
  it("counts each id once: {1, 2, 3} vs {2, 3, 3, 4} share 2 of 4", () => {
    expect(exactJaccard([1, 2, 3], [2, 3, 3, 4])).toBe(0.5);
  });

  it("is 1 for two empty sets and 0 for an empty and a non-empty one", () => {
    expect(exactJaccard([], [])).toBe(1);
    expect(exactJaccard([], [7])).toBe(0);
  });

  it("estimates by the fraction of equal positions, not by shared values", () => {
    expect(jaccardEstimate([1, 2, 3, 4], [1, 5, 3, 6])).toBe(0.5);
    expect(jaccardEstimate([1, 2], [2, 1])).toBe(0);
  });

  it("estimates the Jaccard similarity within a few standard errors with 2000 hash functions", () => {
    const rng = createRng(3);
    const draw = () => rng.nextInt(MINHASH_PRIME);
    const a = Array.from({ length: 2000 }, () => 1 + rng.nextInt(MINHASH_PRIME - 1));
    const b = Array.from({ length: 2000 }, draw);
    // Random ids, as hashed shingles are (a linear hash is far from min-wise on an arithmetic
    // progression). |A| = |B| = 300 sharing 200: J = 200 / 400 = 0.5, standard error sqrt(0.25 / 2000) ≈ 0.011.
    const shared = Array.from({ length: 200 }, draw);
    const set1 = [...shared, ...Array.from({ length: 100 }, draw)];
    const set2 = [...shared, ...Array.from({ length: 100 }, draw)];
    expect(exactJaccard(set1, set2)).toBe(0.5);
    expect(Math.abs(jaccardEstimate(minhashSignature(set1, a, b), minhashSignature(set2, a, b)) - 0.5)).toBeLessThan(0.045);
  });
});

describe("word n-grams", () => {
  it("lowercases, splits on runs of whitespace and keeps punctuation", () => {
    expect(normalizedWords("  To be,\tor NOT\n to be. ")).toEqual(["to", "be,", "or", "not", "to", "be."]);
  });

  it("gives len − n + 1 n-grams, with repeats, and none for fewer than n words", () => {
    expect(wordNgrams(["a", "b", "a", "b"], 2)).toEqual(["a b", "b a", "a b"]);
    expect(wordNgrams(["a", "b"], 3)).toEqual([]);
    expect(wordNgrams(["a", "b", "c"], 3)).toEqual(["a b c"]);
  });
});
