import { describe, expect, it } from "vitest";
import { argmax, sampleInverseCdf, samplingDistribution, sampleToken } from "../src/nn/sampling.js";
import { createRng } from "../src/stats/prng.js";

const logits = Float32Array.from([Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)]);

/** Empirical frequency of each token over many seeded draws. */
function frequencies(options: Parameters<typeof sampleToken>[2], draws = 40_000): number[] {
  const rng = createRng(1);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < draws; i++) counts[sampleToken(logits, rng, options)]++;
  return counts.map((c) => c / draws);
}

describe("sampleToken", () => {
  it("is greedy at temperature 0", () => {
    expect(sampleToken(logits, createRng(0), { temperature: 0 })).toBe(0);
    expect(argmax([1, 3, 3, 2])).toBe(1);
  });

  it("draws from the softmax at temperature 1 (within sampling error)", () => {
    const f = frequencies({});
    [0.5, 0.3, 0.15, 0.05].forEach((p, i) => expect(Math.abs(f[i] - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / 40_000)));
  });

  it("sharpens with a lower temperature: p ∝ p_i^(1/T)", () => {
    const f = frequencies({ temperature: 0.5 });
    const z = 0.25 + 0.09 + 0.0225 + 0.0025;
    expect(Math.abs(f[0] - 0.25 / z)).toBeLessThan(0.01);
  });

  it("keeps only the top k, renormalized", () => {
    const f = frequencies({ topK: 2 });
    expect(f[2] + f[3]).toBe(0);
    expect(Math.abs(f[0] - 0.5 / 0.8)).toBeLessThan(0.01);
  });

  it("keeps the smallest nucleus whose mass reaches top p", () => {
    const f = frequencies({ topP: 0.79 }); // 0.5 < 0.79 <= 0.5 + 0.3: tokens 0 and 1
    expect(f[2] + f[3]).toBe(0);
    const g = frequencies({ topP: 0.81 }); // needs token 2 as well
    expect(g[2]).toBeGreaterThan(0.1);
    expect(g[3]).toBe(0);
  });

  it("stops the nucleus at the first token whose cumulative mass equals top p exactly", () => {
    // Four equal logits: cumulative masses 0.25, 0.5, 0.75, 1 are exact in floating point, so
    // top p = 0.5 keeps tokens 0 and 1 (mass reaches p; Holtzman et al. 2020, Σ p ≥ p).
    const equal = new Float32Array(4);
    const rng = createRng(3);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 2000; i++) counts[sampleToken(equal, rng, { topP: 0.5 })]++;
    expect(counts[2] + counts[3]).toBe(0);
    expect(counts[0]).toBeGreaterThan(900);
    expect(counts[1]).toBeGreaterThan(900);
  });

  it("is reproducible for a seed and rejects bad options", () => {
    const draw = (seed: number) => Array.from({ length: 20 }, ((rng) => () => sampleToken(logits, rng))(createRng(seed)));
    expect(draw(5)).toEqual(draw(5));
    expect(() => sampleToken(logits, createRng(0), { temperature: -1 })).toThrow(/temperature/);
    expect(() => sampleToken(logits, createRng(0), { topK: 0 })).toThrow(/topK/);
    expect(() => sampleToken(logits, createRng(0), { topP: 0 })).toThrow(/topP/);
    expect(() => samplingDistribution(logits, { minP: 1.5 })).toThrow(/minP/);
  });

  it("keeps the tokens whose probability is at least min p times the largest", () => {
    const f = frequencies({ minP: 0.5 }); // 0.3 / 0.5 = 0.6 >= 0.5 > 0.15 / 0.5
    expect(f[2] + f[3]).toBe(0);
    expect(Math.abs(f[0] - 0.5 / 0.8)).toBeLessThan(0.01);
  });
});

/** Expected distributions below are p = (0.5, 0.3, 0.15, 0.05) filtered and renormalized by hand. */
const close = (actual: Float64Array, expected: number[]) => expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 6));

describe("samplingDistribution", () => {
  it("renormalizes over the top k, zeros elsewhere", () => {
    close(samplingDistribution(logits, { topK: 2 }), [0.5 / 0.8, 0.3 / 0.8, 0, 0]);
    close(samplingDistribution(logits, { topK: 9 }), [0.5, 0.3, 0.15, 0.05]);
  });

  it("keeps the token whose cumulative mass crosses top p", () => {
    close(samplingDistribution(logits, { topP: 0.79 }), [0.5 / 0.8, 0.3 / 0.8, 0, 0]);
    close(samplingDistribution(logits, { topP: 0.81 }), [0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0]);
    close(samplingDistribution(logits, { topP: 1e-9 }), [1, 0, 0, 0]);
    // Equal logits: masses 0.25, 0.5, ... are exact, and reaching p = 0.5 stops the nucleus.
    close(samplingDistribution([3, 3, 3, 3], { topP: 0.5 }), [0.5, 0.5, 0, 0]);
    close(samplingDistribution([3, 3, 3, 3], { topK: 3 }), [1 / 3, 1 / 3, 1 / 3, 0]);
  });

  it("compares min p with the largest probability after temperature", () => {
    close(samplingDistribution(logits, { minP: 0.25 }), [0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0]);
    close(samplingDistribution(logits, { minP: 0.05 }), [0.5, 0.3, 0.15, 0.05]); // 0.05 / 0.5 = 0.1 >= 0.05
    // At T = 0.5, p ∝ p_i^2 = (0.25, 0.09, 0.0225, 0.0025): the last ratio is 0.01 < 0.05.
    close(samplingDistribution(logits, { temperature: 0.5, minP: 0.05 }), [0.25 / 0.3625, 0.09 / 0.3625, 0.0225 / 0.3625, 0]);
    close(samplingDistribution(logits, { minP: 0 }), [0.5, 0.3, 0.15, 0.05]);
  });

  it("puts all the mass on the argmax at temperature 0", () => {
    close(samplingDistribution([1, 4, 4, 2], { temperature: 0 }), [0, 1, 0, 0]);
  });
});

describe("sampleInverseCdf", () => {
  it("picks the first id whose cumulative probability exceeds u", () => {
    const probs = [0.2, 0, 0.5, 0.3];
    expect(sampleInverseCdf(probs, 0)).toBe(0);
    expect(sampleInverseCdf(probs, 0.2)).toBe(2); // cumsum 0.2 is not > 0.2; id 1 has no mass
    expect(sampleInverseCdf(probs, 0.69)).toBe(2);
    expect(sampleInverseCdf(probs, 0.7)).toBe(3);
    expect(sampleInverseCdf([0, 1], 0)).toBe(1);
  });

  it("falls back to the last id with mass when rounding leaves the total below u", () => {
    // The masses sum to 0.75 <= u (as rounding can leave a sum just below u): id 1, not id 2.
    expect(sampleInverseCdf([0.5, 0.25, 0], 0.9)).toBe(1);
  });
});
