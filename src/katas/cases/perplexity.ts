/**
 * corpus_perplexity(sequences), bits_per_byte(log_likelihoods, texts) and
 * byte_perplexity(log_likelihoods, texts). Expected values from src/metrics/perplexity.ts,
 * which aggregates as lm-evaluation-harness does: ratios of sums, never means of ratios.
 */
import { bitsPerByte, bytePerplexity, corpusPerplexity, meanSequencePerplexity, type ScoredDocument } from "../../metrics/perplexity.js";
import type { Rng } from "../../stats/prng.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { integer, pick } from "./draw.js";

// Words of one to four UTF-8 bytes per character, so that bytes and characters differ.
const WORDS = ["the", "model", "token", "loss", "data", "naïve", "café", "straße", "Москва", "東京", "数据", "😀", "→", "ok"];
const ASCII_WORDS = WORDS.filter((w) => /^[\x20-\x7e]+$/.test(w));

const ln = Math.log;

/** Natural-log probabilities in [ln 0.001, 0): a sequence's scored tokens. */
const drawLogProbs = (rng: Rng, length: number): number[] => Array.from({ length }, () => ln(0.001 + 0.999 * (1 - rng.nextFloat())));

function drawDocuments(rng: Rng): { logLikelihoods: number[]; texts: string[] } {
  const words = pick(rng, [WORDS, ASCII_WORDS]);
  const texts = Array.from({ length: integer(rng, 1, 5) }, () => Array.from({ length: integer(rng, 1, 12) }, () => pick(rng, words)).join(" "));
  // About 0.3 to 3 nats per byte, as real language models score text.
  const logLikelihoods = texts.map((text) => -new TextEncoder().encode(text).length * (0.3 + 2.7 * rng.nextFloat()));
  return { logLikelihoods, texts };
}

const sequencesCase = (sequences: number[][], name?: string): KataCase => ({ fn: "corpus_perplexity", args: [sequences], ...(name ? { name } : {}) });
const documentsCase = (fn: string, logLikelihoods: number[], texts: string[], name?: string): KataCase => ({ fn, args: [logLikelihoods, texts], ...(name ? { name } : {}) });

const documents = (c: KataCase): ScoredDocument[] => {
  const [logLikelihoods, texts] = c.args as [number[], string[]];
  return texts.map((text, d) => ({ logLikelihood: logLikelihoods[d], text }));
};

/** −Σ ll / Σ length(text), with the length counted by `length`: nats per unit. */
function natsPer(c: KataCase, length: (text: string) => number): number {
  const docs = documents(c);
  return -docs.reduce((sum, d) => sum + d.logLikelihood, 0) / docs.reduce((sum, d) => sum + length(d.text), 0);
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
/** Python's len(text): code points, not UTF-16 units. */
const codePoints = (text: string) => [...text].length;

const generator: CaseGenerator = {
  random(rng, i) {
    if (i % 3 === 0) return sequencesCase(Array.from({ length: integer(rng, 1, 6) }, () => drawLogProbs(rng, integer(rng, 1, 40))));
    const { logLikelihoods, texts } = drawDocuments(rng);
    return documentsCase(i % 3 === 1 ? "bits_per_byte" : "byte_perplexity", logLikelihoods, texts);
  },
  edges: () => [
    sequencesCase([[ln(1 / 2), ln(1 / 2)], [ln(1 / 8), ln(1 / 8)]], "equal lengths, unequal difficulty"),
    sequencesCase([[ln(0.5)], [ln(0.25), ln(0.25), ln(0.125)]], "sequences of different lengths"),
    sequencesCase([[ln(0.25)]], "one token"),
    documentsCase("bits_per_byte", [-8 * Math.LN2, -6], ["abcd", "hello world"], "ASCII text"),
    documentsCase("bits_per_byte", [-20, -30], ["naïve café", "東京 😀"], "non-ASCII text"),
    documentsCase("byte_perplexity", [-12, -9.5], ["Москва", "straße →"], "byte perplexity of non-ASCII text"),
    documentsCase("byte_perplexity", [0, -4.5], ["", "token"], "an empty document"),
  ],
  expected(c) {
    if (c.fn === "corpus_perplexity") return corpusPerplexity(c.args[0] as number[][]);
    return c.fn === "bits_per_byte" ? bitsPerByte(documents(c)) : bytePerplexity(documents(c));
  },
  bugs: {
    // The unweighted mean of exp(mean NLL) per sequence (HF evaluate's mean_perplexity).
    "mean-of-sequence-perplexities": (c) => (c.fn === "corpus_perplexity" ? meanSequencePerplexity(c.args[0] as number[][]) : undefined),
    // Nats taken for bits: bits per byte without the / ln 2, and byte perplexity as 2 to that power.
    "nats-as-bits": (c) => {
      if (c.fn === "corpus_perplexity") return undefined;
      const nats = natsPer(c, utf8Bytes);
      return c.fn === "bits_per_byte" ? nats : 2 ** nats;
    },
    // len(text) counts characters: a non-ASCII character is 2 to 4 bytes in UTF-8.
    "characters-not-bytes": (c) => {
      if (c.fn === "corpus_perplexity") return undefined;
      const nats = natsPer(c, codePoints);
      return c.fn === "bits_per_byte" ? nats / Math.LN2 : Math.exp(nats);
    },
  },
};

export default generator;
