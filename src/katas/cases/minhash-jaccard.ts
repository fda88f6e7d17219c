/**
 * minhash_signature(ids, a, b), jaccard_estimate(sig1, sig2), exact_jaccard(ids1, ids2).
 * Shingle ids come from random documents' word 3-shingles (src/data/word-ngrams.ts), each
 * hashed to [0, P); expected values from src/data/minhash.ts.
 */
import { exactJaccard, jaccardEstimate, MINHASH_PRIME, minhashSignature, universalHash } from "../../data/minhash.js";
import { normalizedWords, wordNgrams } from "../../data/word-ngrams.js";
import { textHash } from "../../data/split.js";
import { createRng, type Rng } from "../../stats/prng.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { ndInt, type NDArray } from "../values.js";
import { integer, pick } from "./draw.js";
import { joinWords, nearCopy, randomWords } from "./words-shared.js";

const P = MINHASH_PRIME;
const SHINGLE = 3;

/** The distinct word 3-shingles of a text, each hashed to an id in [0, P). */
function shingleIds(text: string): NDArray {
  const ids = [...new Set(wordNgrams(normalizedWords(text), SHINGLE))].map((shingle) => textHash(shingle, 0) % P);
  return ndInt([ids.length], ids);
}

/** H hash functions: a in [1, P), b in [0, P). */
function hashParameters(rng: Rng, h: number): [NDArray, NDArray] {
  const a = Array.from({ length: h }, () => 1 + rng.nextInt(P - 1));
  return [ndInt([h], a), ndInt([h], Array.from({ length: h }, () => rng.nextInt(P)))];
}

/** Two documents, the second a near copy of the first. */
function documentPair(rng: Rng): [string, string] {
  const words = randomWords(rng, integer(rng, 3, 40));
  return [joinWords(rng, words), joinWords(rng, nearCopy(rng, words, pick(rng, [0, 0.1, 0.3, 1])))];
}

const signature = (ids: NDArray, [a, b]: [NDArray, NDArray]): NDArray => ndInt(a.shape, minhashSignature(ids.data, a.data, b.data));
const call = (fn: string, args: NDArray[], name?: string): KataCase => ({ fn, args, ...(name ? { name } : {}) });
const arrays = (c: KataCase) => c.args as NDArray[];

/** The signature with each hash computed in float64: a·x past 2^53 is rounded before the mod. */
function floatSignature([ids, a, b]: NDArray[]): NDArray {
  return ndInt(a.shape, Array.from(a.data, (ai, i) => Math.min(P, ...Array.from(ids.data, (x) => (ai * x + b.data[i]) % P))));
}

function edges(): KataCase[] {
  const rng = createRng(2024);
  const hashes = hashParameters(rng, 16);
  const text = "The cat sat on the mat and the dog ran to the park";
  const other = "what is 2 + 2 = 4 who ran in Paris France.";
  const large = ndInt([5], [P - 1, P - 2, 2 ** 31 - 1000, 1999999999, 1234567890]);
  const repeated = shingleIds(text);
  return [
    call("minhash_signature", [large, ...hashes], "large ids and coefficients"),
    call("minhash_signature", [ndInt([0], []), ...hashes], "signature of the empty set"),
    call("exact_jaccard", [repeated, ndInt([repeated.data.length * 2], [...repeated.data].reverse().concat(...repeated.data))], "identical sets"),
    call("jaccard_estimate", [signature(shingleIds(text), hashes), signature(shingleIds(other), hashes)], "disjoint sets"),
    call("jaccard_estimate", [ndInt([4], [5, 9, 5, 7]), ndInt([4], [9, 5, 5, 8])], "same values at other positions"),
    call("exact_jaccard", [ndInt([0], []), ndInt([0], [])], "two empty sets"),
    call("exact_jaccard", [ndInt([0], []), shingleIds(other)], "an empty and a non-empty set"),
  ];
}

const generator: CaseGenerator = {
  random(rng, i) {
    const [text1, text2] = documentPair(rng);
    const hashes = hashParameters(rng, pick(rng, [4, 16, 64, 128]));
    if (i % 3 === 0) return call("minhash_signature", [shingleIds(text1), ...hashes]);
    if (i % 3 === 1) return call("jaccard_estimate", [signature(shingleIds(text1), hashes), signature(shingleIds(text2), hashes)]);
    return call("exact_jaccard", [shingleIds(text1), shingleIds(text2)]);
  },
  edges,
  expected(c) {
    const [x, y, z] = arrays(c);
    if (c.fn === "minhash_signature") return signature(x, [y, z]);
    return c.fn === "jaccard_estimate" ? jaccardEstimate(x.data, y.data) : exactJaccard(x.data, y.data);
  },
  bugs: {
    "max-instead-of-min": (c) => {
      const [ids, a, b] = arrays(c);
      if (c.fn !== "minhash_signature" || ids.data.length === 0) return undefined;
      return ndInt(a.shape, Array.from(a.data, (ai, i) => Math.max(...Array.from(ids.data, (x) => universalHash(ai, b.data[i], x)))));
    },
    "signature-as-set": (c) => {
      if (c.fn !== "jaccard_estimate") return undefined;
      const [sig1, sig2] = arrays(c);
      return exactJaccard(sig1.data, sig2.data);
    },
    "float-product": (c) => (c.fn === "minhash_signature" ? floatSignature(arrays(c)) : undefined),
  },
};

export default generator;
