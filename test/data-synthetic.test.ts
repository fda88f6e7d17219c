import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { DOMAINS, generateSyntheticCorpus, type SyntheticCorpus } from "../src/data/synthetic.js";

function totalChars(corpus: SyntheticCorpus): number {
  return corpus.documents.reduce((sum, d) => sum + d.text.length, 0);
}

describe("generateSyntheticCorpus", () => {
  it("is deterministic by seed and different across seeds", () => {
    const a = generateSyntheticCorpus({ seed: 3, targetChars: 50_000, exactDuplicateRate: 0.05, canaryCount: 3 });
    const b = generateSyntheticCorpus({ seed: 3, targetChars: 50_000, exactDuplicateRate: 0.05, canaryCount: 3 });
    const c = generateSyntheticCorpus({ seed: 4, targetChars: 50_000, exactDuplicateRate: 0.05, canaryCount: 3 });
    expect(a).toEqual(b);
    expect(c.documents.map((d) => d.text)).not.toEqual(a.documents.map((d) => d.text));
  });

  it("reaches the target size, with ids 0..n-1, and stops just past it", () => {
    const corpus = generateSyntheticCorpus({ seed: 0, targetChars: 300_000 });
    const chars = totalChars(corpus);
    expect(chars).toBeGreaterThanOrEqual(300_000);
    expect(chars).toBeLessThan(300_000 + 1000); // one document at most past the target
    expect(corpus.documents.map((d) => d.id)).toEqual(corpus.documents.map((_, i) => i));
  });

  it("writes each domain with its known structure", () => {
    const corpus = generateSyntheticCorpus({ seed: 1, targetChars: 100_000 });
    const factTexts = new Set(corpus.facts.map((f) => f.text));
    for (const document of corpus.documents) {
      if (document.domain === "arithmetic") {
        for (const line of document.text.split("\n")) {
          const match = /^(\d{2})\+(\d{2})=(\d{2,3})$/.exec(line);
          expect(match, line).not.toBeNull();
          expect(Number(match![1]) + Number(match![2])).toBe(Number(match![3]));
        }
      } else if (document.domain === "facts") {
        const sentences = document.text.split(/(?<=\.) /);
        for (const sentence of sentences) expect(factTexts.has(sentence), sentence).toBe(true);
      } else if (document.domain === "code") {
        const lines = document.text.split("\n");
        const defined = new Set<string>();
        for (const line of lines.slice(0, -1)) {
          const match = /^let (x\d+) = (.+);$/.exec(line);
          expect(match, line).not.toBeNull();
          for (const used of match![2].match(/x\d+/g) ?? []) expect(defined.has(used), line).toBe(true);
          defined.add(match![1]);
        }
        expect(lines.at(-1)).toBe(`print(x${defined.size});`);
      } else {
        expect(document.text).toMatch(/^[A-Z][a-z]+ the [a-z]+ [a-z]+ [a-z]+ a [a-z]+ [a-z]+\. .*The end\.$/);
      }
    }
  });

  it("states each fact one way: every subject has one object per relation, and names are unique", () => {
    const corpus = generateSyntheticCorpus({ seed: 2, targetChars: 10_000 });
    const keys = corpus.facts.map((f) => `${f.relation}:${f.subject}`);
    expect(new Set(keys).size).toBe(keys.length);
    const countries = corpus.facts.filter((f) => f.relation === "capital");
    const capitals = new Set(countries.map((f) => f.object));
    expect(capitals.size).toBe(countries.length);
    for (const fact of corpus.facts.filter((f) => f.relation === "birthplace")) expect(capitals.has(fact.object)).toBe(true);
  });

  it("matches the domain weights in characters", () => {
    const weights = { stories: 4, arithmetic: 2, facts: 1, code: 1 };
    const corpus = generateSyntheticCorpus({ seed: 5, targetChars: 200_000, domainWeights: weights });
    const chars = totalChars(corpus);
    for (const domain of DOMAINS) {
      const share = corpus.documents.filter((d) => d.domain === domain).reduce((s, d) => s + d.text.length, 0) / chars;
      expect(share).toBeCloseTo(weights[domain] / 8, 2);
    }
    const onlyCode = generateSyntheticCorpus({ seed: 5, targetChars: 5_000, domainWeights: { code: 1 } });
    expect(new Set(onlyCode.documents.map((d) => d.domain))).toEqual(new Set(["code"]));
  });

  it("makes exact and near duplicates at the set rates, each recorded with its source", () => {
    const corpus = generateSyntheticCorpus({
      seed: 6,
      targetChars: 400_000,
      exactDuplicateRate: 0.1,
      nearDuplicateRate: 0.05,
    });
    const n = corpus.documents.length;
    const exact = corpus.duplicates.filter((d) => d.kind === "exact");
    const near = corpus.duplicates.filter((d) => d.kind === "near");
    // Binomial(n, p): within 4 standard deviations.
    expect(Math.abs(exact.length - 0.1 * n)).toBeLessThan(4 * Math.sqrt(n * 0.1 * 0.9));
    expect(Math.abs(near.length - 0.05 * n)).toBeLessThan(4 * Math.sqrt(n * 0.05 * 0.95));
    const duplicateIds = new Set(corpus.duplicates.map((d) => d.id));
    for (const { id, sourceId, kind } of corpus.duplicates) {
      const copy = corpus.documents[id].text;
      const source = corpus.documents[sourceId].text;
      expect(sourceId).toBeLessThan(id);
      expect(duplicateIds.has(sourceId)).toBe(false); // copies are made of originals only
      expect(corpus.documents[id].domain).toBe(corpus.documents[sourceId].domain);
      if (kind === "exact") {
        expect(copy).toBe(source);
      } else {
        expect(copy.length).toBe(source.length);
        let differences = 0;
        for (let i = 0; i < copy.length; i++) if (copy[i] !== source[i]) differences++;
        expect(differences).toBe(1);
      }
    }
    const none = generateSyntheticCorpus({ seed: 6, targetChars: 50_000 });
    expect(none.duplicates).toEqual([]);
    expect(new Set(none.documents.map((d) => d.text)).size).toBeGreaterThan(none.documents.length * 0.95);
  });

  it("plants each canary in exactly canaryRepetitions documents and lists them", () => {
    const corpus = generateSyntheticCorpus({
      seed: 7,
      targetChars: 100_000,
      exactDuplicateRate: 0.2,
      canaryCount: 5,
      canaryRepetitions: 3,
      canaryPrefix: "ZQX-",
    });
    expect(corpus.canaries).toHaveLength(5);
    for (const canary of corpus.canaries) {
      expect(canary.text).toMatch(/^ZQX-[0-9A-HJKMNP-TV-Z]{16}$/);
      const holders = corpus.documents.filter((d) => d.text.includes(canary.text)).map((d) => d.id);
      expect(holders).toEqual(canary.documentIds);
      expect(holders).toHaveLength(3);
    }
    expect(new Set(corpus.canaries.map((c) => c.text)).size).toBe(5);
  });

  it("generates 10 MB with the near-duplicate rate asked for", () => {
    const corpus = generateSyntheticCorpus({ seed: 8, targetChars: 10_000_000, nearDuplicateRate: 0.01 });
    expect(totalChars(corpus)).toBeGreaterThanOrEqual(10_000_000);
    // Each document after the first is a near duplicate with probability 0.01 (plus the default
    // exact-duplicate rate for exact ones): a binomial count, here within 5 standard deviations.
    const n = corpus.documents.length;
    const near = corpus.duplicates.filter((d) => d.kind === "near").length;
    expect(Math.abs(near - 0.01 * n)).toBeLessThan(5 * Math.sqrt(n * 0.01 * 0.99));
  });

  it("rejects invalid options with InputError", () => {
    const bad = [
      { seed: Number.NaN, targetChars: 100 },
      { seed: 0, targetChars: 0 },
      { seed: 0, targetChars: 1.5 },
      { seed: 0, targetChars: 100, domainWeights: { stories: -1 } },
      { seed: 0, targetChars: 100, domainWeights: { stories: 0 } },
      { seed: 0, targetChars: 100, domainWeights: { poems: 1 } as never },
      { seed: 0, targetChars: 100, exactDuplicateRate: 1 },
      { seed: 0, targetChars: 100, exactDuplicateRate: 0.6, nearDuplicateRate: 0.4 },
      { seed: 0, targetChars: 100, nearDuplicateRate: -0.1 },
      { seed: 0, targetChars: 100, canaryCount: 1.5 },
      { seed: 0, targetChars: 100, canaryCount: 1, canaryRepetitions: 0 },
      { seed: 0, targetChars: 100, canaryCount: 1, canaryPrefix: "" },
      { seed: 0, targetChars: 100, canaryCount: 1000 }, // more canaries than documents
    ];
    for (const options of bad) expect(() => generateSyntheticCorpus(options), JSON.stringify(options)).toThrow(InputError);
  });
});
