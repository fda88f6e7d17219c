import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { createMixtureSampler, domainSizes, mixtureProbabilities } from "../src/data/mixture.js";
import { DOMAINS, generateSyntheticCorpus } from "../src/data/synthetic.js";
import { createRng, rngFromState } from "../src/stats/prng.js";

/** Pearson's chi-square statistic of observed counts against expected probabilities. */
function chiSquare(counts: readonly number[], probabilities: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.reduce((sum, count, i) => sum + (count - total * probabilities[i]) ** 2 / (total * probabilities[i]), 0);
}

// scipy.stats.chi2.ppf(0.999, df=3): the 99.9% critical value for 4 domains.
const CHI2_999_DF3 = 16.26623619623813;

describe("mixtureProbabilities", () => {
  it("follows p_i ∝ n_i^(1/T) on worked examples", () => {
    const t1 = mixtureProbabilities([900, 100], 1);
    expect(t1[0]).toBeCloseTo(0.9, 15);
    expect(t1[1]).toBeCloseTo(0.1, 15);
    const t2 = mixtureProbabilities([900, 100], 2); // 30 : 10
    expect(t2[0]).toBeCloseTo(0.75, 15);
    expect(t2[1]).toBeCloseTo(0.25, 15);
    const t3 = mixtureProbabilities([8, 1, 27], 3); // 2 : 1 : 3
    t3.forEach((p, i) => expect(p).toBeCloseTo([2 / 6, 1 / 6, 3 / 6][i], 15));
    expect(mixtureProbabilities([5, 1, 0, 100], Infinity)).toEqual([1 / 3, 1 / 3, 0, 1 / 3]);
  });

  it("flattens as T grows and sharpens to the largest domain as T shrinks, without overflow", () => {
    const sizes = [1e7, 1e5, 1e3, 0];
    let previousSmallest = 0;
    for (const temperature of [0.5, 1, 2, 5, 100]) {
      const p = mixtureProbabilities(sizes, temperature);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(p[3]).toBe(0);
      expect(p[2]).toBeGreaterThan(previousSmallest);
      previousSmallest = p[2];
    }
    expect(mixtureProbabilities(sizes, 0.001)).toEqual([1, 0, 0, 0]);
  });

  it("rejects invalid sizes and temperatures with InputError", () => {
    for (const temperature of [0, -1, Number.NaN]) expect(() => mixtureProbabilities([1, 2], temperature)).toThrow(InputError);
    for (const sizes of [[], [0, 0], [1, -1], [1, Number.NaN], [1, Infinity]]) {
      expect(() => mixtureProbabilities(sizes, 1)).toThrow(InputError);
    }
  });
});

describe("createMixtureSampler", () => {
  it("draws domains in the mixture proportions (chi-square, 20,000 seeded draws)", () => {
    const corpus = generateSyntheticCorpus({
      seed: 21,
      targetChars: 100_000,
      domainWeights: { stories: 8, arithmetic: 4, facts: 2, code: 1 },
    });
    const sizes = domainSizes(corpus.documents, DOMAINS);
    for (const temperature of [1, 2, 10]) {
      const probabilities = mixtureProbabilities(sizes, temperature);
      const next = createMixtureSampler(probabilities, createRng(temperature));
      const counts = DOMAINS.map(() => 0);
      for (let i = 0; i < 20_000; i++) counts[next()]++;
      expect(chiSquare(counts, probabilities)).toBeLessThan(CHI2_999_DF3);
    }
  });

  it("fails the same test against the wrong temperature (the test has power)", () => {
    const probabilities = mixtureProbabilities([8000, 4000, 2000, 1000], 1);
    const next = createMixtureSampler(probabilities, createRng(0));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[next()]++;
    expect(chiSquare(counts, mixtureProbabilities([8000, 4000, 2000, 1000], 2))).toBeGreaterThan(CHI2_999_DF3);
  });

  it("never draws an empty domain, and resumes exactly from a saved rng state", () => {
    const probabilities = mixtureProbabilities([10, 0, 30, 0], 1);
    const rng = createRng(3);
    const next = createMixtureSampler(probabilities, rng);
    for (let i = 0; i < 1000; i++) expect([0, 2]).toContain(next());
    const saved = rng.state();
    const continued = Array.from({ length: 50 }, next);
    const resumed = createMixtureSampler(probabilities, rngFromState(saved));
    expect(Array.from({ length: 50 }, resumed)).toEqual(continued);
  });

  it("rejects probabilities that are empty, negative or do not sum to 1", () => {
    for (const probabilities of [[], [0.5, 0.6], [1.5, -0.5], [Number.NaN, 1]]) {
      expect(() => createMixtureSampler(probabilities, createRng(0))).toThrow(InputError);
    }
  });
});

describe("domainSizes", () => {
  it("sums characters per domain in the given order and rejects unknown domains", () => {
    const docs = [
      { domain: "code" as const, text: "abc" },
      { domain: "stories" as const, text: "hello" },
      { domain: "code" as const, text: "d" },
    ];
    expect(domainSizes(docs, DOMAINS)).toEqual([5, 0, 0, 4]);
    expect(() => domainSizes(docs, ["stories"] as never)).toThrow(InputError);
  });
});
