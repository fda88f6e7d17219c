/**
 * min_p_probs(logits, temperature, min_p) and sample_token(logits, temperature, min_p, u):
 * temperature, then min-p filtering (Nguyen et al. 2024), then inverse-CDF sampling with a
 * given uniform. Expected values from samplingDistribution and sampleInverseCdf
 * (src/nn/sampling.ts).
 */
import { sampleInverseCdf, samplingDistribution } from "../../nn/sampling.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { randomLogits, renormalized, softmaxAt, uniformNumber } from "./decoding-shared.js";
import { pick } from "./draw.js";

type Args = [NDArray, number, number, number?];

const probsCall = (logits: number[], temperature: number, minP: number, name: string): KataCase => ({
  name,
  fn: "min_p_probs",
  args: [nd([logits.length], logits), temperature, minP],
});
const sampleCall = (logits: number[], temperature: number, minP: number, u: number, name: string): KataCase => ({
  name,
  fn: "sample_token",
  args: [nd([logits.length], logits), temperature, minP, u],
});
const args = (c: KataCase) => c.args as Args;

/** What a case's function returns when it filters with `probs` instead of the right distribution. */
function output(c: KataCase, probs: ArrayLike<number>): number | NDArray {
  return c.fn === "min_p_probs" ? nd([probs.length], probs) : sampleInverseCdf(probs, args(c)[3]!);
}

const reference = (c: KataCase, temperature = args(c)[1]) => samplingDistribution(args(c)[0].data, { temperature, minP: args(c)[2] });

const generator: CaseGenerator = {
  random(rng, i) {
    const logits = randomLogits(rng);
    const temperature = pick(rng, [uniformNumber(rng, 0.2, 1), 1, uniformNumber(rng, 1, 3)]);
    const minP = pick(rng, [0, uniformNumber(rng, 0.01, 0.6)]);
    const fnArgs = [logits, temperature, minP];
    return i % 2 === 0 ? { fn: "min_p_probs", args: fnArgs } : { fn: "sample_token", args: [...fnArgs, uniformNumber(rng)] };
  },
  edges: () => [
    probsCall([1, 3, 2.5, -1], 0.01, 0, "temperature 0.01 acts as argmax"),
    probsCall([0.5, -1, 2, 0.3, 1], 0.7, 0, "min_p = 0 keeps every token"),
    sampleCall([-3, 2, 0, 1.5], 1, 0.2, 0, "u = 0"),
    sampleCall([0.5, 2, 1.8, -4], 1, 0.1, 0.999999, "u just below 1"),
    probsCall([0, 0.2, -0.3, 0.1, -1], 1, 0.5, "flat distribution, min_p = 0.5"),
    probsCall([2, 0, 1, -1, 0.5], 2, 0.3, "temperature 2 keeps more tokens"),
    probsCall([1, 1, 1, 0], 0.5, 0.9, "tied logits"),
    probsCall([1e4, -1e4, 9999.5], 1, 0.1, "logits of ±1e4"),
  ],
  expected: (c) => output(c, reference(c)),
  bugs: {
    // softmax(logits) / T renormalizes back to softmax(logits): the temperature has no effect.
    "divides-probabilities": (c) => output(c, reference(c, 1)),
    // probs >= min_p: a fixed threshold instead of one relative to the most likely token.
    "min-p-absolute": (c) => {
      const [logits, temperature, minP] = args(c);
      const softmax = softmaxAt(logits.data, temperature);
      const { data } = renormalized(softmax, (i) => softmax[i] >= minP);
      return c.fn === "sample_token" && data.some(Number.isNaN) ? undefined : output(c, data);
    },
    // np.searchsorted(cdf, u) with the default side="left": the first id whose cumulative sum is >= u.
    "searchsorted-left": (c) => {
      if (c.fn !== "sample_token") return undefined;
      let cumulative = 0;
      const probs = reference(c);
      const u = args(c)[3]!;
      const found = probs.findIndex((p) => (cumulative += p) >= u);
      return found < 0 ? undefined : found;
    },
  },
};

export default generator;
