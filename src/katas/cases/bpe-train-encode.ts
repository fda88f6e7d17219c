/**
 * train(text, num_merges) and encode(text, merges): byte-level BPE without a split pattern
 * (minbpe's BasicTokenizer). Expected values from src/tokenizer/bpe.ts (trainBpe with
 * pattern null, createBpeTokenizer), which reproduces minbpe's merges and encodings.
 */
import { createBpeTokenizer, trainBpe } from "../../tokenizer/bpe.js";
import type { Rng } from "../../stats/prng.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { integer, pick } from "./draw.js";

type Pair = [number, number];

// Pieces of random text: few distinct bytes, so that pairs repeat, tie and chain; some non-ASCII.
const PIECES = ["a", "b", "ab", "aa", "ba", "c", "the ", " ", "e", "é", "ü", "日本", "🙂", "low", "er", "est "];

function randomText(rng: Rng, pieces: number): string {
  return Array.from({ length: pieces }, () => pick(rng, PIECES)).join("");
}

const bytesOf = (text: string): number[] => Array.from(new TextEncoder().encode(text));

const train = (text: string, numMerges: number): Pair[] => trainBpe(text, { vocabSize: 256 + numMerges, pattern: null }).merges;

const trainCase = (text: string, numMerges: number, name?: string): KataCase => ({ fn: "train", args: [text, numMerges], ...(name ? { name } : {}) });
const encodeCase = (text: string, merges: Pair[], name?: string): KataCase => ({ fn: "encode", args: [text, merges], ...(name ? { name } : {}) });

/** Adjacent pair counts, in order of first appearance; `overlapping` false counts a run "aaa" as one (a, a). */
function pairCounts(ids: number[], overlapping: boolean): Map<string, { pair: Pair; count: number }> {
  const counts = new Map<string, { pair: Pair; count: number }>();
  for (let i = 0; i + 1 < ids.length; ) {
    const key = `${ids[i]},${ids[i + 1]}`;
    const entry = counts.get(key) ?? { pair: [ids[i], ids[i + 1]] as Pair, count: 0 };
    entry.count++;
    counts.set(key, entry);
    i += !overlapping && ids[i] === ids[i + 1] ? 2 : 1;
  }
  return counts;
}

function mergePair(ids: number[], [a, b]: Pair, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; ) {
    if (i + 1 < ids.length && ids[i] === a && ids[i + 1] === b) {
      out.push(id);
      i += 2;
    } else out.push(ids[i++]);
  }
  return out;
}

const before = ([a, b]: Pair, [c, d]: Pair) => a < c || (a === c && b < d);

/** minbpe's training loop with a mistake: pairs counted without overlap, or ties to the smallest pair. */
function mistakenTrain(text: string, numMerges: number, mistake: { overlapping: boolean; tieToSmallest: boolean }): Pair[] {
  let ids = bytesOf(text);
  const merges: Pair[] = [];
  for (let i = 0; i < numMerges; i++) {
    let best: { pair: Pair; count: number } | undefined;
    for (const entry of pairCounts(ids, mistake.overlapping).values()) {
      const wins = !best || entry.count > best.count || (mistake.tieToSmallest && entry.count === best.count && before(entry.pair, best.pair));
      if (wins) best = entry;
    }
    if (!best) break;
    ids = mergePair(ids, best.pair, 256 + i);
    merges.push(best.pair);
  }
  return merges;
}

/** Encoding that merges the most frequent known pair of the text first, instead of the lowest rank. */
function encodeByFrequency(text: string, merges: Pair[]): number[] {
  let ids = bytesOf(text);
  const rank = new Map(merges.map(([a, b], i) => [`${a},${b}`, i]));
  for (;;) {
    let best: { key: string; pair: Pair; count: number } | undefined;
    for (const [key, entry] of pairCounts(ids, true)) if (rank.has(key) && (!best || entry.count > best.count)) best = { key, ...entry };
    if (!best) return ids;
    ids = mergePair(ids, best.pair, 256 + (rank.get(best.key) as number));
  }
}

const args = (c: KataCase) => c.args as [string, number] | [string, Pair[]];

const generator: CaseGenerator = {
  random(rng, i) {
    if (i % 2 === 0) return trainCase(randomText(rng, integer(rng, 5, 60)), integer(rng, 1, 30));
    // Merges learned on one text, applied to another with the same pieces: ranks and frequencies disagree.
    const merges = train(randomText(rng, integer(rng, 20, 60)), integer(rng, 5, 30));
    return encodeCase(randomText(rng, integer(rng, 0, 40)), merges);
  },
  edges: () => [
    trainCase("", 5, "empty text"),
    trainCase("aaaaaaa", 4, "a single repeated byte"),
    trainCase("aaaaabcbcbc", 3, "a run beside a repeated pair"),
    trainCase("ab ab ba ba", 2, "tied counts"),
    trainCase("héé ünï 日本日本 🙂🙂", 8, "non-ASCII text"),
    trainCase("abcab", 50, "more merges than pairs"),
    encodeCase("", train("abab", 1), "encode empty text"),
    encodeCase("abcabab", train("bcbcbc abab", 3), "encode: rank order, not frequency"),
  ],
  expected(c) {
    if (c.fn === "train") {
      const [text, numMerges] = args(c) as [string, number];
      return train(text, numMerges);
    }
    const [text, merges] = args(c) as [string, Pair[]];
    return createBpeTokenizer({ pattern: null, merges, specialTokens: {} }).encode(text);
  },
  bugs: {
    // "aaa" counted as one (a, a), as str.count or the merge itself would count it.
    "overlapping-count": (c) => (c.fn === "train" ? mistakenTrain(...(args(c) as [string, number]), { overlapping: false, tieToSmallest: false }) : undefined),
    // Among equally frequent pairs, the smallest (a, b) instead of the first to appear.
    "tie-smallest-pair": (c) => (c.fn === "train" ? mistakenTrain(...(args(c) as [string, number]), { overlapping: true, tieToSmallest: true }) : undefined),
    "encode-by-frequency": (c) => (c.fn === "encode" ? encodeByFrequency(...(args(c) as [string, Pair[]])) : undefined),
  },
};

export default generator;
