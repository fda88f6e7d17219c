/**
 * ngram_contamination(train_docs, examples, n): GPT-3's word n-gram overlap check, with the
 * fraction of each example's n-grams found. Expected values from src/data/contamination.ts.
 */
import { ngramContamination } from "../../data/contamination.js";
import { normalizedWords } from "../../data/word-ngrams.js";
import type { Rng } from "../../stats/prng.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { integer, pick } from "./draw.js";
import { joinWords, nearCopy, randomWords } from "./words-shared.js";

type Args = [string[], string[], number];

const call = (trainDocs: string[], examples: string[], n: number, name?: string): KataCase => ({ fn: "ngram_contamination", args: [trainDocs, examples, n], ...(name ? { name } : {}) });

/** A test example: a near copy of part of a training document, fresh words, or both, in random case. */
function randomExample(rng: Rng, documents: string[][], n: number): string[] {
  const source = pick(rng, documents);
  const start = integer(rng, 0, source.length - 1);
  const copied = nearCopy(rng, source.slice(start, start + integer(rng, 1, 3 * n)), pick(rng, [0, 0.1, 0.3]));
  const fresh = randomWords(rng, integer(rng, 0, 2 * n));
  const words = pick(rng, [copied, fresh, [...fresh, ...copied], [...copied, ...fresh], randomWords(rng, n - 1)]);
  return rng.nextFloat() < 0.3 ? words.map((w) => (rng.nextFloat() < 0.3 ? w.toUpperCase() : w)) : words;
}

/** The check done with a mistake: other units than lowercased words, or one n-gram too few per text. */
function mistaken([trainDocs, examples, n]: Args, units: (text: string) => string[], count: (length: number) => number): [boolean[], number[]] {
  const grams = (text: string) => {
    const u = units(text);
    return Array.from({ length: Math.max(count(u.length), 0) }, (_, i) => u.slice(i, i + n).join("\u0001"));
  };
  const seen = new Set(trainDocs.flatMap(grams));
  const perExample = examples.map((example) => {
    const own = grams(example);
    return { found: own.filter((g) => seen.has(g)).length, total: own.length };
  });
  return [perExample.map(({ found }) => found > 0), perExample.map(({ found, total }) => (total === 0 ? 0 : found / total))];
}

const args = (c: KataCase) => c.args as Args;
const rawWords = (text: string) => text.split(/\s+/).filter((w) => w !== "");

const generator: CaseGenerator = {
  random(rng) {
    const n = pick(rng, [2, 3, 4, 5, 8, 13]);
    const documents = Array.from({ length: integer(rng, 1, 4) }, () => randomWords(rng, integer(rng, 5, 4 * n)));
    const examples = Array.from({ length: integer(rng, 1, 5) }, () => joinWords(rng, randomExample(rng, documents, n)));
    return call(documents.map((words) => joinWords(rng, words)), examples, n);
  },
  edges: () => [
    call(["the cat sat on the mat"], ["the cat sat"], 4, "example shorter than n"),
    call(["the cat sat on the mat", "what is two plus two"], ["what is two plus two"], 3, "exact duplicate"),
    call(["The cat sat on the mat"], ["dogs like on the mat"], 3, "overlap at the very end"),
    call(["what is two plus two"], ["WHAT  is\ttwo\nplus TWO"], 3, "case and whitespace differ"),
    call(["the cat sat on the mat", "what is two plus two"], ["on the mat what is"], 4, "n-grams do not span documents"),
    call(["the cat sat on the mat"], [], 13, "no examples"),
  ],
  expected(c) {
    const { contaminated, overlap } = ngramContamination(...args(c));
    return [contaminated, overlap];
  },
  bugs: {
    "off-by-one-count": (c) => mistaken(args(c), normalizedWords, (length) => length - args(c)[2]),
    "character-ngrams": (c) => mistaken(args(c), (text) => [...text.toLowerCase()], (length) => length - args(c)[2] + 1),
    "no-lowercase": (c) => mistaken(args(c), rawWords, (length) => length - args(c)[2] + 1),
  },
};

export default generator;
