import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import {
  bitsPerByte,
  bytePerplexity,
  corpusPerplexity,
  countBytes,
  countWords,
  meanSequencePerplexity,
  nll,
  sequencePerplexities,
  wordPerplexity,
  type ScoredDocument,
} from "../src/metrics/perplexity.js";

// Written by test/fixtures/make_perplexity_reference.py (Python re.split, numpy, lm-evaluation-harness aggregation).
interface PerplexityReference {
  wordCounts: { text: string; words: number }[];
  byteCounts: { text: string; bytes: number }[];
  documentSets: { docs: ScoredDocument[]; wordPerplexity: number; bytePerplexity: number; bitsPerByte: number }[];
  sequenceSets: {
    sequences: number[][];
    corpusPerplexity: number;
    sequencePerplexities: number[];
    meanSequencePerplexity: number;
  }[];
}

const reference = JSON.parse(
  readFileSync(new URL("./fixtures/perplexity_reference.json", import.meta.url), "utf8"),
) as PerplexityReference;

function expectRelative(actual: number, expected: number, tolerance = 1e-12): void {
  expect(Math.abs(actual - expected) / Math.abs(expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

const ln = Math.log;

describe("token-level perplexity", () => {
  it("computes nll and perplexities of a worked example", () => {
    // p = 1/2 and 1/4: NLL = (ln 2 + ln 4) / 2 = 1.5 ln 2; perplexity = 2^1.5
    expectRelative(nll([ln(0.5), ln(0.25)]), 1.5 * Math.LN2);
    expectRelative(sequencePerplexities([[ln(0.5), ln(0.25)]])[0], 2 ** 1.5);
    expect(nll(new Float64Array([0, 0]))).toBe(0); // p = 1 everywhere: perplexity 1
    expect(corpusPerplexity([new Float32Array([0])])).toBe(1);
  });

  it("corpus perplexity differs from the mean of sequence perplexities (Jensen)", () => {
    // Equal lengths: A = [1/2, 1/2] (perplexity 2), B = [1/8, 1/8] (perplexity 8).
    //   mean of sequence perplexities = (2 + 8) / 2 = 5
    //   corpus: total NLL = 2 ln 2 + 2 * 3 ln 2 = 8 ln 2 over 4 tokens -> exp(2 ln 2) = 4 < 5
    const equal = [
      [ln(1 / 2), ln(1 / 2)],
      [ln(1 / 8), ln(1 / 8)],
    ];
    expectRelative(sequencePerplexities(equal)[0], 2);
    expectRelative(sequencePerplexities(equal)[1], 8);
    expectRelative(meanSequencePerplexity(equal), 5);
    expectRelative(corpusPerplexity(equal), 4);
    // Unequal lengths: A = [1/2] (perplexity 2), B = [1/8, 1/8, 1/8] (perplexity 8).
    //   mean of sequence perplexities = 5 (lengths ignored)
    //   corpus: (ln 2 + 9 ln 2) / 4 tokens = 2.5 ln 2 -> 2^2.5 ≈ 5.657: the long hard sequence weighs more
    const unequal = [[ln(1 / 2)], [ln(1 / 8), ln(1 / 8), ln(1 / 8)]];
    expectRelative(meanSequencePerplexity(unequal), 5);
    expectRelative(corpusPerplexity(unequal), 2 ** 2.5);
  });

  it("agrees with numpy and HF evaluate's aggregation on random sequences", () => {
    for (const set of reference.sequenceSets) {
      expectRelative(corpusPerplexity(set.sequences), set.corpusPerplexity);
      sequencePerplexities(set.sequences).forEach((p, i) => expectRelative(p, set.sequencePerplexities[i]));
      expectRelative(meanSequencePerplexity(set.sequences), set.meanSequencePerplexity);
    }
  });

  it("mean sequence perplexity >= corpus perplexity when lengths are equal (property)", () => {
    let seed = 12345;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 200; trial++) {
      const length = 1 + Math.floor(next() * 10);
      const sequences = Array.from({ length: 1 + Math.floor(next() * 5) }, () =>
        Array.from({ length }, () => ln(1e-6 + next() * (1 - 1e-6))),
      );
      expect(meanSequencePerplexity(sequences)).toBeGreaterThanOrEqual(corpusPerplexity(sequences) * (1 - 1e-12));
    }
  });

  it("rejects invalid log-probabilities, naming the sequence and token", () => {
    expect(() => corpusPerplexity([[-1], [-0.5, 0.1]])).toThrow(/sequences\[1\]\[1\] is 0.1/);
    expect(() => sequencePerplexities([[-1, Number.NaN]])).toThrow(/sequences\[0\]\[1\] is NaN/);
    expect(() => meanSequencePerplexity([[-Infinity]])).toThrow(/sequences\[0\]\[0\] is -Infinity/);
    expect(() => nll([-1, Infinity])).toThrow(/tokenLogProbs\[1\]/);
    expect(() => nll(["-1" as unknown as number])).toThrow(InputError);
    expect(() => nll([])).toThrow(/tokenLogProbs is empty/);
    expect(() => corpusPerplexity([[-1], []])).toThrow(/sequences\[1\] is empty/);
    expect(() => corpusPerplexity([])).toThrow(InputError);
    expect(() => sequencePerplexities([])).toThrow(InputError);
    expect(() => meanSequencePerplexity([])).toThrow(InputError);
  });
});

describe("word and byte counts", () => {
  it("count words as len(re.split(r'\\s+', text)) does", () => {
    expect(countWords("  a b ")).toBe(4);
    expect(countWords("")).toBe(1);
    expect(countWords("a\x1cb")).toBe(2); // Python whitespace, not JavaScript's
    expect(countWords("a\ufeffb")).toBe(1); // JavaScript whitespace, not Python's
    for (const { text, words } of reference.wordCounts) expect(countWords(text), JSON.stringify(text)).toBe(words);
  });

  it("count UTF-8 bytes as len(text.encode('utf-8')) does", () => {
    expect(countBytes("")).toBe(0);
    expect(countBytes("héllo")).toBe(6);
    expect(countBytes("東")).toBe(3);
    expect(countBytes("😀")).toBe(4);
    for (const { text, bytes } of reference.byteCounts) expect(countBytes(text), JSON.stringify(text)).toBe(bytes);
    expect(() => countBytes("a\ud800b")).toThrow(/lone surrogate U\+D800 at index 1/);
    expect(() => countBytes("\udc00")).toThrow(InputError);
  });
});

describe("document-level perplexities (lm-evaluation-harness)", () => {
  it("computes worked examples as ratios of sums", () => {
    // words: "a b" -> 2, "c" -> 1; -Σ ll / Σ words = 6 / 3 = 2
    const docs = [
      { logLikelihood: -4, text: "a b" },
      { logLikelihood: -2, text: "c" },
    ];
    expectRelative(wordPerplexity(docs), Math.exp(2));
    // bytes: 3 + 1 = 4; byte perplexity exp(6 / 4); bits per byte 6 / 4 / ln 2
    expectRelative(bytePerplexity(docs), Math.exp(1.5));
    expectRelative(bitsPerByte(docs), 1.5 / Math.LN2);
    // bits per byte is log2 of byte perplexity
    expectRelative(2 ** bitsPerByte(docs), bytePerplexity(docs));
    // " c" counts 2 words ("" and "c"), so -Σ ll / Σ words = 6 / 4: exp(1.5). The mean of
    // per-document perplexities, (e^(4/2) + e^(2/2)) / 2, would be a different number.
    expectRelative(wordPerplexity([docs[0], { logLikelihood: -2, text: " c" }]), Math.exp(1.5));
  });

  it("agrees with lm-evaluation-harness's weighted_perplexity and bits_per_byte", () => {
    for (const set of reference.documentSets) {
      expectRelative(wordPerplexity(set.docs), set.wordPerplexity);
      expectRelative(bytePerplexity(set.docs), set.bytePerplexity);
      expectRelative(bitsPerByte(set.docs), set.bitsPerByte);
    }
  });

  it("rejects invalid documents, naming the index", () => {
    expect(() => wordPerplexity([])).toThrow(InputError);
    expect(() => bitsPerByte([{ logLikelihood: -1, text: "a" }, { logLikelihood: 0.5, text: "b" }])).toThrow(
      /docs\[1\]\.logLikelihood is 0.5/,
    );
    expect(() => bytePerplexity([{ logLikelihood: Number.NaN, text: "a" }])).toThrow(/docs\[0\]\.logLikelihood is NaN/);
    expect(() => wordPerplexity([{ logLikelihood: -1, text: 3 as unknown as string }])).toThrow(/docs\[0\]\.text/);
    expect(() => bytePerplexity([{ logLikelihood: -1, text: "ok\ud800" }])).toThrow(/docs\[0\]\.text has a lone surrogate/);
    // No bytes at all: per-byte metrics are undefined, word perplexity still counts 1 word.
    expect(() => bitsPerByte([{ logLikelihood: 0, text: "" }])).toThrow(/0 bytes/);
    expect(wordPerplexity([{ logLikelihood: -1, text: "" }])).toBeCloseTo(Math.E, 15);
  });
});
