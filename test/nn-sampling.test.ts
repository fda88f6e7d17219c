import { describe, expect, it } from "vitest";
import { argmax, sampleToken } from "../src/nn/sampling.js";
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
  });
});
