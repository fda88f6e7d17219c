import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../src/train/config.js";
import { prepareCorpus, unigramEntropy } from "../src/lab/corpus.js";

const dir = mkdtempSync(join(tmpdir(), "lmdojo-corpus-"));
const config = resolveConfig("tiny", [{ source: "test", overrides: { data: { syntheticChars: 200_000 } } }]);

describe("prepareCorpus", () => {
  const corpus = prepareCorpus(config);
  const decode = (ids: Int32Array) => corpus.tokenizer.decode(ids);

  it("tokenizes each synthetic domain into train and validation streams, with no validation document in train", () => {
    expect(corpus.domains).toEqual(["stories", "arithmetic", "facts", "code"]);
    const trainText = corpus.train.map(decode).join("\n\n");
    const validationDocuments = corpus.validation.flatMap((ids) => decode(ids).split("\n\n"));
    expect(validationDocuments.length).toBe(corpus.documents.validation);
    for (const document of validationDocuments) {
      if (/^(\d\d\+\d\d=\d+\n?)+$/.test(document)) continue; // arithmetic: checked line by line below
      expect(trainText.includes(document), document.slice(0, 40)).toBe(false);
    }
    expect(corpus.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("holds the prompted arithmetic sums out of training in both orders, and their answers are correct", () => {
    expect(corpus.arithmetic.length).toBeGreaterThanOrEqual(10); // about 2% of the ~900 validation lines
    expect(corpus.arithmetic.length).toBeLessThanOrEqual(config.eval.arithmeticPrompts);
    const trainArithmetic = new Set(decode(corpus.train[1]).split("\n").map((line) => line.split("=")[0]));
    for (const { prompt, answer } of corpus.arithmetic) {
      const question = prompt.split("\n").at(-1)!; // "37+48="
      const [a, b] = question.slice(0, -1).split("+").map(Number);
      expect(String(a + b)).toBe(answer);
      expect(trainArithmetic.has(`${a}+${b}`)).toBe(false);
      expect(trainArithmetic.has(`${b}+${a}`)).toBe(false);
      expect(corpus.train.some((ids) => decode(ids).includes(`${a}+${b}=`) || decode(ids).includes(`${b}+${a}=`))).toBe(false); // nor in another domain
    }
  });

  it("rebuilds identical streams from a saved tokenizer, and differs with another seed", () => {
    const again = prepareCorpus(config, corpus.tokenizer.spec);
    expect(again.train).toEqual(corpus.train);
    expect(again.validation).toEqual(corpus.validation);
    expect(prepareCorpus({ ...config, seed: 2 }).train[0]).not.toEqual(corpus.train[0]);
  });

  it("reads a text file as paragraph documents in one domain, with a BPE tokenizer when asked", () => {
    const path = join(dir, "text.txt");
    const paragraphs = Array.from({ length: 60 }, (_, i) => `Speaker ${i}:\nA line of verse number ${i}, and then some more words.`);
    writeFileSync(path, paragraphs.join("\n\n") + "\n");
    const text = prepareCorpus({ ...config, data: { ...config.data, source: path }, tokenizer: { kind: "bpe", bpeVocabSize: 300 } });
    expect(text.domains).toEqual(["text"]);
    expect(text.tokenizer.vocabSize).toBe(300);
    expect(text.arithmetic).toEqual([]);
    expect(text.documents.train + text.documents.validation).toBe(60);
    expect(text.tokenizer.decode(text.train[0]).split("\n\n").every((p) => paragraphs.includes(p))).toBe(true);
  });

  it("rejects a binary file and a file with a single paragraph, naming the file", () => {
    const binary = join(dir, "binary.txt");
    writeFileSync(binary, Buffer.from([0x61, 0x0a, 0x00, 0x01]));
    expect(() => prepareCorpus({ ...config, data: { ...config.data, source: binary } })).toThrow(/binary\.txt:2: not a UTF-8 text file/);
    const single = join(dir, "single.txt");
    writeFileSync(single, "only one paragraph\nof two lines\n");
    expect(() => prepareCorpus({ ...config, data: { ...config.data, source: single } })).toThrow(/single\.txt: found 1 paragraph, need at least 2/);
  });
});

describe("unigramEntropy", () => {
  it("is ln 2 for two equally frequent tokens, 0 for one, and counts all streams", () => {
    expect(unigramEntropy([Int32Array.of(0, 1, 0, 1)], 2)).toBeCloseTo(Math.LN2, 15);
    expect(unigramEntropy([Int32Array.of(3, 3, 3)], 4)).toBe(0);
    // p = (1/4, 3/4): H = −(¼ ln ¼ + ¾ ln ¾)
    expect(unigramEntropy([Int32Array.of(0), Int32Array.of(1, 1, 1)], 2)).toBeCloseTo(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), 15);
  });
});
