/**
 * A simulated labeller: the stand-in for human preference between two answers.
 *
 * With probability q the labeller decides by correctness (a right answer beats an
 * abstention, which beats a wrong one); otherwise, or when the two are equally correct, it
 * decides by a surface feature it happens to like (length, confidence or flattery) with
 * strength b, or by a coin. Finally each label flips with probability ε. A narrow labeller
 * (low q, strong bias) is how preference data teaches a model to sound good instead of
 * being right, which the gold grader then exposes.
 */
import { InputError, describeValue } from "../errors.js";
import type { Rng } from "../stats/prng.js";
import type { Grade } from "./grader.js";

/** The surface feature a labeller leans towards when not deciding by correctness. */
export type Bias = "none" | "length" | "confident" | "flattery";

export interface LabellerOptions {
  /** Probability of deciding by correctness, in [0, 1]. */
  q: number;
  bias: Bias;
  /** b in [0, 1]: how strongly the bias decides (0: a coin, 1: always the answer with more of the feature). */
  strength: number;
  /** ε in [0, 0.5]: probability that a label is flipped. */
  noise: number;
}

/** A careful labeller: decides by correctness 90% of the time, no bias, 5% of labels flipped. */
export const HONEST_LABELLER: LabellerOptions = { q: 0.9, bias: "none", strength: 0, noise: 0.05 };

const BIASES: readonly Bias[] = ["none", "length", "confident", "flattery"];

/**
 * P(a is preferred over b). With gold = sign(a.score - b.score) and P_bias(a) = 0.5 when the
 * bias is "none" or a and b tie on its feature, else b·[a has more of it] + (1 - b)·0.5:
 *   P = gold ≠ 0 ? q·[gold > 0] + (1 - q)·P_bias(a) : P_bias(a),  then  ε(1 - P) + (1 - ε)P.
 *
 * @example
 * preferenceProbability(HONEST_LABELLER, correctGrade, wrongGrade); // 0.905 = 0.05·0.05 + 0.95·0.95
 * preferenceProbability({ q: 0, bias: "length", strength: 1, noise: 0 }, longWrong, shortRight); // 1
 */
export function preferenceProbability(options: LabellerOptions, a: Grade, b: Grade): number {
  validate(options);
  const gold = Math.sign(a.score - b.score);
  const biased = biasProbability(options, a, b);
  const p = gold !== 0 ? options.q * (gold > 0 ? 1 : 0) + (1 - options.q) * biased : biased;
  return options.noise * (1 - p) + (1 - options.noise) * p;
}

/**
 * Draws one label: preferA with probability `preferenceProbability(options, a, b)`.
 *
 * @example
 * const { preferA } = labelPair(HONEST_LABELLER, gradeA, gradeB, createRng(0));
 */
export function labelPair(
  options: LabellerOptions,
  a: Grade,
  b: Grade,
  rng: Rng,
): { preferA: boolean; probability: number } {
  const probability = preferenceProbability(options, a, b);
  return { preferA: rng.nextFloat() < probability, probability };
}

/**
 * Whether a label picks the answer the gold grader scores higher; null when they score the
 * same, where gold has no preference to agree with.
 *
 * @example
 * agreesWithGold(correctGrade, wrongGrade, true);   // true
 * agreesWithGold(wrongGrade, otherWrongGrade, true); // null
 */
export function agreesWithGold(a: Grade, b: Grade, preferA: boolean): boolean | null {
  if (a.score === b.score) return null;
  return preferA === a.score > b.score;
}

/** P_bias(a): how the biased labeller picks when it does not decide by correctness. */
function biasProbability(options: LabellerOptions, a: Grade, b: Grade): number {
  if (options.bias === "none") return 0.5;
  const featureA = feature(options.bias, a);
  const featureB = feature(options.bias, b);
  if (featureA === featureB) return 0.5;
  return options.strength * (featureA > featureB ? 1 : 0) + (1 - options.strength) * 0.5;
}

/** The amount of the biased feature an answer has. */
function feature(bias: Exclude<Bias, "none">, grade: Grade): number {
  switch (bias) {
    case "length":
      return grade.length;
    case "flattery":
      return grade.flattering ? 1 : 0;
    case "confident":
      // An abstention is the least confident answer, whatever words it is wrapped in.
      if (grade.verdict === "abstained") return 0;
      return grade.tone === "confident" ? 3 : grade.tone === "neutral" ? 2 : 1;
  }
}

function validate(options: LabellerOptions): void {
  const inRange = (name: "q" | "strength" | "noise", max: number, hint: string): void => {
    const value = options[name];
    if (!(typeof value === "number" && value >= 0 && value <= max)) {
      throw new InputError(`labeller ${name} must be in [0, ${max}], got ${describeValue(value)}`, hint);
    }
  };
  inRange("q", 1, "q is the probability of deciding by correctness, e.g. 0.9");
  inRange("strength", 1, "strength is how strongly the bias decides, e.g. 0.8");
  inRange("noise", 0.5, "noise is the probability of flipping a label, e.g. 0.05 (0.5 is a coin)");
  if (!BIASES.includes(options.bias)) {
    throw new InputError(`labeller bias must be one of ${BIASES.join(", ")}, got ${describeValue(options.bias)}`);
  }
}
