/**
 * Random word sequences for the data katas (MinHash, n-gram contamination): a small vocabulary,
 * so that n-grams repeat within and across documents, with capitals and punctuation that
 * normalization must handle.
 */
import type { Rng } from "../../stats/prng.js";
import { integer, pick } from "./draw.js";

const WORDS = ["the", "The", "cat", "sat", "on", "mat", "a", "dog", "ran", "to", "park", "and", "then", "it", "rained", "Paris", "is", "in", "France.", "what", "who", "2", "+", "=", "4"];

/** `count` words drawn uniformly from the vocabulary. */
export const randomWords = (rng: Rng, count: number): string[] => Array.from({ length: count }, () => pick(rng, WORDS));

/** A near copy of `words`: each word replaced by a random one with probability `rate`, then maybe cut at both ends. */
export function nearCopy(rng: Rng, words: readonly string[], rate: number): string[] {
  const copy = words.map((word) => (rng.nextFloat() < rate ? pick(rng, WORDS) : word));
  const start = integer(rng, 0, Math.floor(copy.length / 4));
  return copy.slice(start, copy.length - integer(rng, 0, Math.floor(copy.length / 4)));
}

/** Words joined by single spaces, or now and then by runs of spaces, tabs and newlines. */
export const joinWords = (rng: Rng, words: readonly string[]): string => words.map((w, i) => (i === 0 ? "" : pick(rng, [" ", " ", " ", "  ", "\t", "\n"])) + w).join("");
