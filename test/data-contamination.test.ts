import { describe, expect, it } from "vitest";
import { ngramContamination } from "../src/data/contamination.js";

// Expected values counted by hand from the rule in src/data/contamination.ts.
describe("ngramContamination", () => {
  const training = ["The cat sat on the mat", "what is two plus two"];

  it("flags an example sharing one n-gram and gives the fraction of its n-grams found", () => {
    // 3-grams of "a cat sat on the mat": a cat sat | cat sat on | sat on the | on the mat → 3 of 4 seen.
    expect(ngramContamination(training, ["a cat sat on the mat"], 3)).toEqual({ contaminated: [true], overlap: [0.75] });
  });

  it("counts the last n-gram (L − n + 1 of them)", () => {
    // 3-grams of "dogs like on the mat": dogs like on | like on the | on the mat → only the last is seen: 1 of 3.
    expect(ngramContamination(training, ["dogs like on the mat"], 3)).toEqual({ contaminated: [true], overlap: [1 / 3] });
  });

  it("lowercases and ignores runs of whitespace", () => {
    expect(ngramContamination(training, ["WHAT  is\ttwo\nplus TWO"], 5)).toEqual({ contaminated: [true], overlap: [1] });
  });

  it("gives an example shorter than n no n-grams: not contaminated, overlap 0", () => {
    expect(ngramContamination(training, ["the cat sat"], 4)).toEqual({ contaminated: [false], overlap: [0] });
  });

  it("takes no n-gram across two training documents", () => {
    // "on the mat what" would be a 4-gram of the two documents joined.
    expect(ngramContamination(training, ["on the mat what"], 4)).toEqual({ contaminated: [false], overlap: [0] });
  });

  it("counts repeated n-grams of an example at each position", () => {
    // 2-grams: the cat | cat the | the cat | cat dog → "the cat" seen twice: 2 of 4.
    expect(ngramContamination(training, ["the cat the cat dog"], 2)).toEqual({ contaminated: [true], overlap: [0.5] });
  });

  it("returns empty lists for no examples", () => {
    expect(ngramContamination(training, [], 13)).toEqual({ contaminated: [], overlap: [] });
  });
});
