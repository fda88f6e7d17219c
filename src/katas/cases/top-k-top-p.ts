/**
 * top_k_probs(logits, k) and top_p_probs(logits, p): the renormalized distributions that
 * top-k and nucleus sampling draw from. Expected values from samplingDistribution
 * (src/nn/sampling.ts), the filter that lmdojo's own generation samples through.
 */
import { samplingDistribution } from "../../nn/sampling.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { idsByLogit, randomLogits, renormalized, softmaxAt, uniformNumber } from "./decoding-shared.js";
import { integer } from "./draw.js";

const call = (fn: string, logits: number[] | NDArray, cut: number, name?: string): KataCase => ({
  fn,
  args: [Array.isArray(logits) ? nd([logits.length], logits) : logits, cut],
  ...(name ? { name } : {}),
});
const args = (c: KataCase) => c.args as [NDArray, number];

/** The mass of the sorted ids up to and including each rank. */
function cumulativeByRank(probs: readonly number[], order: readonly number[]): number[] {
  let mass = 0;
  return order.map((id) => (mass += probs[id]));
}

const generator: CaseGenerator = {
  random(rng, i) {
    const logits = randomLogits(rng);
    const V = logits.shape[0];
    return i % 2 === 0 ? call("top_k_probs", logits, integer(rng, 1, V)) : call("top_p_probs", logits, uniformNumber(rng, 0.02, 1));
  },
  edges: () => [
    call("top_p_probs", [1.5, -0.5, 0.25, 2, -3], 1, "p = 1"),
    call("top_p_probs", [0.1, 0.3, 0.2, 0.25], 1e-6, "tiny p keeps the argmax"),
    call("top_k_probs", [0.5, 1.5, -1, 1.4], 1, "k = 1"),
    call("top_k_probs", [0.5, 1.5, -1, 1.4], 4, "k = V"),
    call("top_k_probs", [1, 2, 2, 2, 0], 2, "tied logits, top-k"),
    call("top_p_probs", [0, 2, 1, 2, 2], 0.5, "tied logits, top-p"),
    call("top_p_probs", [3, 3, 3, 3], 0.5, "mass reaches p exactly"),
    call("top_k_probs", [1e4, 0, -1e4, 9999], 2, "logits of ±1e4"),
  ],
  expected(c) {
    const [logits, cut] = args(c);
    return nd(logits.shape, samplingDistribution(logits.data, c.fn === "top_k_probs" ? { topK: cut } : { topP: cut }));
  },
  bugs: {
    // Masks where the cumulative mass is past p (cumsum > p), which drops the token that crosses p.
    "drops-crossing-token": (c) => {
      if (c.fn !== "top_p_probs") return undefined;
      const [logits, p] = args(c);
      const probs = softmaxAt(logits.data);
      const order = idsByLogit(logits.data);
      const cumulative = cumulativeByRank(probs, order);
      const kept = new Set(order.filter((_, r) => cumulative[r] <= p));
      return renormalized(probs, (i) => kept.has(i));
    },
    // nanoGPT's logits[logits < v[-1]] = -inf: every token tied with the k-th survives.
    "top-k-keeps-ties": (c) => {
      if (c.fn !== "top_k_probs") return undefined;
      const [logits, k] = args(c);
      const kth = logits.data[idsByLogit(logits.data)[Math.min(k, logits.data.length) - 1]];
      return renormalized(softmaxAt(logits.data), (i) => logits.data[i] >= kth);
    },
    // The kept probabilities as the full softmax gave them: they sum to the kept mass, not 1.
    "not-renormalized": (c) => {
      const [logits, cut] = args(c);
      const probs = softmaxAt(logits.data);
      const kept = samplingDistribution(logits.data, c.fn === "top_k_probs" ? { topK: cut } : { topP: cut });
      return nd(logits.shape, probs.map((p, i) => (kept[i] > 0 ? p : 0)));
    },
  },
};

export default generator;
