import { describe, expect, it } from "vitest";
import { beamSearch } from "../src/nn/beam-search.js";
import { createRng } from "../src/stats/prng.js";

const logs = (values: number[]) => values.map(Math.log);

// Three tokens, three steps. Greedy takes 2 (0.5), then 2 (0.4 of row 2), then 2 again:
// 0.5·0.4·0.4 = 0.08. After step 2 the candidates are [0,2] 0.35·0.7 = 0.245, [2,2] 0.2,
// [2,0] = [2,1] 0.15, ...: a beam of 2 keeps [0,2] and [2,2] and ends at [0,2,2],
// 0.245·0.4 = 0.098. The best sequence is [2,0,2], 0.5·0.3·0.7 = 0.105, which a beam of 3 keeps.
const initial = logs([0.35, 0.15, 0.5]);
const transition = logs([0.1, 0.2, 0.7, 0.2, 0.6, 0.2, 0.3, 0.3, 0.4]);

/** Every sequence of `length` tokens in lexicographic order; the first with the highest score wins. */
function bruteForce(init: number[], trans: number[], length: number) {
  const V = init.length;
  let best = { tokens: [] as number[], logProb: -Infinity };
  for (let code = 0; code < V ** length; code++) {
    const tokens = Array.from({ length }, (_, t) => Math.floor(code / V ** (length - 1 - t)) % V);
    let logProb = init[tokens[0]];
    for (let t = 1; t < length; t++) logProb += trans[tokens[t - 1] * V + tokens[t]];
    if (logProb > best.logProb) best = { tokens, logProb };
  }
  return best;
}

describe("beamSearch", () => {
  it("is greedy decoding with a beam of 1", () => {
    const { tokens, logProb } = beamSearch(initial, transition, 1, 3);
    expect(tokens).toEqual([2, 2, 2]);
    expect(logProb).toBeCloseTo(Math.log(0.08), 12);
  });

  it("keeps the top B of all B·V candidates, and can still miss the best sequence", () => {
    const two = beamSearch(initial, transition, 2, 3);
    expect(two.tokens).toEqual([0, 2, 2]);
    expect(two.logProb).toBeCloseTo(Math.log(0.098), 12);
    const three = beamSearch(initial, transition, 3, 3);
    expect(three.tokens).toEqual([2, 0, 2]);
    expect(three.logProb).toBeCloseTo(Math.log(0.105), 12);
  });

  it("finds the two-step optimum that greedy misses", () => {
    // [0,0] and [0,1] score 0.3, [1,0] 0.36: greedy ends at [0,0] (lower id on the tie).
    const init = logs([0.6, 0.4]);
    const trans = logs([0.5, 0.5, 0.9, 0.1]);
    expect(beamSearch(init, trans, 1, 2).tokens).toEqual([0, 0]);
    const best = beamSearch(init, trans, 2, 2);
    expect(best.tokens).toEqual([1, 0]);
    expect(best.logProb).toBeCloseTo(Math.log(0.36), 12);
  });

  it("is exhaustive when the beam holds every prefix", () => {
    const rng = createRng(4);
    for (let trial = 0; trial < 30; trial++) {
      const V = 2 + rng.nextInt(3);
      const L = 1 + rng.nextInt(4);
      const init = Array.from({ length: V }, () => -3 * rng.nextFloat());
      const trans = Array.from({ length: V * V }, () => -3 * rng.nextFloat());
      expect(beamSearch(init, trans, V ** (L - 1), L)).toEqual(bruteForce(init, trans, L));
    }
  });

  it("breaks ties toward the lexicographically smaller sequence", () => {
    const uniform = logs([0.5, 0.5]);
    expect(beamSearch(uniform, [...uniform, ...uniform], 2, 3).tokens).toEqual([0, 0, 0]);
    expect(beamSearch(logs([0.2, 0.4, 0.4]), logs(Array(9).fill(1 / 3)), 1, 1).tokens).toEqual([1]);
  });

  it("rejects a bad beam width, length or table", () => {
    expect(() => beamSearch(initial, transition, 0, 3)).toThrow(/beam width/);
    expect(() => beamSearch(initial, transition, 2, 0)).toThrow(/length/);
    expect(() => beamSearch(initial, transition.slice(1), 2, 3)).toThrow(/transition/);
  });
});
