import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import type { Grade } from "../src/align/grader.js";
import {
  HONEST_LABELLER,
  agreesWithGold,
  labelPair,
  preferenceProbability,
  type LabellerOptions,
} from "../src/align/labeller.js";
import { createRng } from "../src/stats/prng.js";

function grade(overrides: Partial<Grade>): Grade {
  return {
    verdict: "correct",
    score: 1,
    length: 10,
    flattering: false,
    tone: "neutral",
    padded: false,
    finished: true,
    ...overrides,
  };
}

const correct = grade({});
const wrong = grade({ verdict: "wrong", score: -1 });
const abstained = grade({ verdict: "abstained", score: 0 });

describe("preferenceProbability", () => {
  it("honest labeller, correct vs wrong: 0.905", () => {
    // gold = +1, no bias so P_bias = 0.5: P = 0.9·1 + 0.1·0.5 = 0.95;
    // noise 0.05: 0.05·(1 - 0.95) + 0.95·0.95 = 0.0025 + 0.9025 = 0.905.
    expect(preferenceProbability(HONEST_LABELLER, correct, wrong)).toBeCloseTo(0.905, 12);
    // Abstaining also scores below correct: the same 0.905.
    expect(preferenceProbability(HONEST_LABELLER, correct, abstained)).toBeCloseTo(0.905, 12);
  });

  it("honest labeller, wrong vs correct: 0.095", () => {
    // gold = -1: P = 0.9·0 + 0.1·0.5 = 0.05; noise: 0.05·0.95 + 0.95·0.05 = 0.095.
    expect(preferenceProbability(HONEST_LABELLER, wrong, correct)).toBeCloseTo(0.095, 12);
  });

  it("a tie in gold with no bias is a coin: 0.5", () => {
    // P = P_bias = 0.5; noise: 0.05·0.5 + 0.95·0.5 = 0.5.
    expect(preferenceProbability(HONEST_LABELLER, wrong, grade({ verdict: "wrong", score: -1, length: 40 }))).toBe(0.5);
  });

  it("a length-biased labeller prefers a long wrong answer more often than an honest one would: 0.46", () => {
    const options: LabellerOptions = { q: 0.5, bias: "length", strength: 0.8, noise: 0.1 };
    const longWrong = grade({ verdict: "wrong", score: -1, length: 40 });
    const shortCorrect = grade({ length: 8 });
    // gold = -1; a is longer: P_bias = 0.8·1 + 0.2·0.5 = 0.9; P = 0.5·0 + 0.5·0.9 = 0.45;
    // noise: 0.1·0.55 + 0.9·0.45 = 0.055 + 0.405 = 0.46.
    expect(preferenceProbability(options, longWrong, shortCorrect)).toBeCloseTo(0.46, 12);
    // Equal correctness: the bias alone decides. P_bias = 0.9; noise: 0.1·0.1 + 0.9·0.9 = 0.82.
    expect(preferenceProbability(options, grade({ length: 40 }), grade({ length: 8 }))).toBeCloseTo(0.82, 12);
  });

  it("a confidence-biased labeller counts an abstention as least confident, whatever its wording", () => {
    const options: LabellerOptions = { q: 0.6, bias: "confident", strength: 1, noise: 0 };
    const confidentAbstention = grade({ verdict: "abstained", score: 0, tone: "confident" });
    const hedgedWrong = grade({ verdict: "wrong", score: -1, tone: "hedged" });
    // Ordinal: abstention 0 < hedged 1, so P_bias(a) = 1·0 + 0·0.5 = 0; gold = sign(0 - (-1)) = +1:
    // P = 0.6·1 + 0.4·0 = 0.6.
    expect(preferenceProbability(options, confidentAbstention, hedgedWrong)).toBeCloseTo(0.6, 12);
    // Confident 3 > neutral 2 between two correct answers: P = P_bias = 1.
    expect(preferenceProbability(options, grade({ tone: "confident" }), correct)).toBe(1);
    // Neutral 2 > hedged 1: P = 1. Two abstentions tie at 0: 0.5.
    expect(preferenceProbability(options, correct, grade({ tone: "hedged" }))).toBe(1);
    expect(preferenceProbability(options, confidentAbstention, abstained)).toBe(0.5);
  });

  it("a flattery-biased labeller with q = 0 follows flattery only", () => {
    const options: LabellerOptions = { q: 0, bias: "flattery", strength: 1, noise: 0 };
    const flatteringWrong = grade({ verdict: "wrong", score: -1, flattering: true });
    // gold = -1 but q = 0: P = 0 + 1·P_bias = 1 (a flatters, b does not).
    expect(preferenceProbability(options, flatteringWrong, correct)).toBe(1);
    // Both flatter: a tie on the feature, P_bias = 0.5.
    expect(preferenceProbability(options, flatteringWrong, grade({ flattering: true }))).toBe(0.5);
  });

  it("is symmetric: P(a, b) = 1 - P(b, a)", () => {
    const grades = [
      correct,
      wrong,
      abstained,
      grade({ length: 40, flattering: true, tone: "confident" }),
      grade({ verdict: "wrong", score: -1, length: 3, tone: "hedged", padded: true }),
      grade({ verdict: "abstained", score: 0, length: 25, flattering: true, tone: "confident" }),
    ];
    const labellers: LabellerOptions[] = [
      HONEST_LABELLER,
      { q: 0.3, bias: "length", strength: 0.7, noise: 0.2 },
      { q: 0.5, bias: "confident", strength: 0.9, noise: 0.05 },
      { q: 0, bias: "flattery", strength: 1, noise: 0.5 },
    ];
    for (const options of labellers) {
      for (const a of grades) {
        for (const b of grades) {
          expect(preferenceProbability(options, a, b) + preferenceProbability(options, b, a)).toBeCloseTo(1, 12);
        }
      }
    }
  });

  it("with strength 0 does not depend on length", () => {
    const options: LabellerOptions = { q: 0.4, bias: "length", strength: 0, noise: 0.1 };
    const short = grade({ verdict: "wrong", score: -1, length: 5 });
    const long = grade({ verdict: "wrong", score: -1, length: 500 });
    // A gold tie: P = P_bias = 0·1 + 1·0.5 = 0.5.
    expect(preferenceProbability(options, long, short)).toBe(0.5);
    // correct vs wrong: P = 0.4 + 0.6·0.5 = 0.7; noise: 0.1·0.3 + 0.9·0.7 = 0.66, for either length order.
    expect(preferenceProbability(options, grade({ length: 5 }), long)).toBeCloseTo(0.66, 12);
    expect(preferenceProbability(options, grade({ length: 500 }), short)).toBeCloseTo(0.66, 12);
  });

  it.each([
    [{ q: 1.2 }, /labeller q must be in \[0, 1\]/],
    [{ q: Number.NaN }, /labeller q must be in \[0, 1\], got NaN/],
    [{ strength: -0.1 }, /labeller strength must be in \[0, 1\]/],
    [{ noise: 0.6 }, /labeller noise must be in \[0, 0.5\]/],
    [{ bias: "loud" as never }, /labeller bias must be one of none, length, confident, flattery/],
  ])("rejects %j", (overrides, message) => {
    const options = { ...HONEST_LABELLER, ...overrides };
    expect(() => preferenceProbability(options, correct, wrong)).toThrow(InputError);
    expect(() => labelPair(options, correct, wrong, createRng(0))).toThrow(message);
  });
});

describe("labelPair", () => {
  it("prefers a with its probability: the frequency over 20,000 draws is within 0.01 of P", () => {
    const options: LabellerOptions = { q: 0.5, bias: "length", strength: 0.8, noise: 0.1 };
    const a = grade({ verdict: "wrong", score: -1, length: 40 });
    const b = grade({ length: 8 });
    const rng = createRng(11);
    let preferred = 0;
    for (let i = 0; i < 20_000; i++) {
      const label = labelPair(options, a, b, rng);
      expect(label.probability).toBeCloseTo(0.46, 12); // as worked out above
      if (label.preferA) preferred++;
    }
    // One standard error is sqrt(0.46·0.54 / 20000) ≈ 0.0035.
    expect(Math.abs(preferred / 20_000 - 0.46)).toBeLessThan(0.01);
  });

  it("is deterministic by the generator", () => {
    const draws = (seed: number): boolean[] => {
      const rng = createRng(seed);
      return Array.from({ length: 50 }, () => labelPair(HONEST_LABELLER, wrong, wrong, rng).preferA);
    };
    expect(draws(1)).toEqual(draws(1));
    expect(draws(1)).not.toEqual(draws(2));
  });
});

describe("agreesWithGold", () => {
  it("says whether the label picks the higher gold score, and null on a tie", () => {
    expect(agreesWithGold(correct, wrong, true)).toBe(true);
    expect(agreesWithGold(correct, wrong, false)).toBe(false);
    expect(agreesWithGold(wrong, abstained, false)).toBe(true); // abstaining (0) beats wrong (-1)
    expect(agreesWithGold(abstained, correct, true)).toBe(false);
    expect(agreesWithGold(wrong, grade({ verdict: "wrong", score: -1, length: 99 }), true)).toBeNull();
  });
});
