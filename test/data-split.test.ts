import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { generateSyntheticCorpus } from "../src/data/synthetic.js";
import { splitByDocument, textHash } from "../src/data/split.js";

describe("splitByDocument", () => {
  const corpus = generateSyntheticCorpus({ seed: 11, targetChars: 300_000, exactDuplicateRate: 0.15 });

  it("puts no validation document text in train, even with many exact duplicates", () => {
    const { train, validation } = splitByDocument(corpus.documents, { seed: 0, validationFraction: 0.1 });
    expect(validation.length).toBeGreaterThan(0);
    const trainTexts = new Set(train.map((d) => d.text));
    for (const document of validation) expect(trainTexts.has(document.text)).toBe(false);
    // Each exact duplicate sits on the same side as its source.
    const side = new Map<number, string>();
    for (const d of train) side.set(d.id, "train");
    for (const d of validation) side.set(d.id, "validation");
    for (const { id, sourceId, kind } of corpus.duplicates) if (kind === "exact") expect(side.get(id)).toBe(side.get(sourceId));
  });

  it("keeps every document whole, exactly once, in its original order", () => {
    const { train, validation } = splitByDocument(corpus.documents, { seed: 1, validationFraction: 0.3 });
    expect(train.length + validation.length).toBe(corpus.documents.length);
    const ids = [...train, ...validation].map((d) => d.id).sort((a, b) => a - b);
    expect(ids).toEqual(corpus.documents.map((d) => d.id));
    for (const part of [train, validation]) {
      for (let i = 1; i < part.length; i++) expect(part[i].id).toBeGreaterThan(part[i - 1].id);
      for (const d of part) expect(d).toBe(corpus.documents[d.id]); // the same objects, untouched
    }
  });

  it("is deterministic by seed, and the validation share is close to the fraction", () => {
    const texts = Array.from({ length: 20_000 }, (_, i) => ({ text: `document ${i}` }));
    for (const fraction of [0.05, 0.1, 0.5]) {
      const a = splitByDocument(texts, { seed: 5, validationFraction: fraction });
      const b = splitByDocument(texts, { seed: 5, validationFraction: fraction });
      const c = splitByDocument(texts, { seed: 6, validationFraction: fraction });
      expect(a).toEqual(b);
      expect(c.validation).not.toEqual(a.validation);
      // Binomial(n, f): within 4 standard deviations.
      const n = texts.length;
      expect(Math.abs(a.validation.length - fraction * n)).toBeLessThan(4 * Math.sqrt(n * fraction * (1 - fraction)));
    }
  });

  it("handles the edge fractions 0 and 1 and an empty corpus", () => {
    const docs = corpus.documents.slice(0, 200);
    expect(splitByDocument(docs, { seed: 0, validationFraction: 0 }).validation).toEqual([]);
    expect(splitByDocument(docs, { seed: 0, validationFraction: 1 }).train).toEqual([]);
    expect(splitByDocument([], { seed: 0, validationFraction: 0.1 })).toEqual({ train: [], validation: [] });
  });

  it("rejects invalid options with InputError", () => {
    for (const validationFraction of [-0.1, 1.1, Number.NaN]) {
      expect(() => splitByDocument(corpus.documents, { seed: 0, validationFraction })).toThrow(InputError);
    }
    expect(() => splitByDocument(corpus.documents, { seed: 0.5, validationFraction: 0.1 })).toThrow(InputError);
  });
});

describe("textHash", () => {
  it("is FNV-1a 32 followed by the lowbias32 finalizer (seed 0 uses the standard FNV basis)", () => {
    // FNV-1a 32-bit values from the Fowler/Noll/Vo test suite (test_fnv.c): "" -> 0x811c9dc5,
    // "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968; textHash applies the finalizer to them.
    const finalize = (h: number): number => {
      h ^= h >>> 16;
      h = Math.imul(h, 0x21f0aaad);
      h ^= h >>> 15;
      h = Math.imul(h, 0x735a2d97);
      h ^= h >>> 15;
      return h >>> 0;
    };
    expect(textHash("", 0)).toBe(finalize(0x811c9dc5));
    expect(textHash("a", 0)).toBe(finalize(0xe40c292c));
    expect(textHash("foobar", 0)).toBe(finalize(0xbf9cf968));
  });

  it("changes with the seed and with a one-character edit", () => {
    expect(textHash("37+48=85", 1)).not.toBe(textHash("37+48=85", 2));
    expect(textHash("37+48=85", 1)).not.toBe(textHash("37+48=86", 1));
  });
});
