/**
 * micro_batch_loss_weights(sizes) and accumulate_gradients(micro_grads, sizes): gradient
 * accumulation over micro-batches of unequal sizes. Expected values from
 * src/optim/accumulate.ts (microBatchLossWeights, accumulatedMeanGradient).
 */
import { accumulatedMeanGradient, microBatchLossWeights } from "../../optim/accumulate.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray, type Value } from "../values.js";
import { integer, normal, pick } from "./draw.js";

const weightsCall = (sizes: number[], name?: string): KataCase => ({ fn: "micro_batch_loss_weights", args: [sizes], ...(name ? { name } : {}) });
const accumulateCall = (grads: NDArray[], sizes: number[], name?: string): KataCase => ({ fn: "accumulate_gradients", args: [grads, sizes], ...(name ? { name } : {}) });

const f64 = (values: number[]) => nd([values.length], values);

/** The weight each mistake gives micro-batch i's mean loss (or mean gradient). */
const MISTAKEN_WEIGHTS = {
  // loss / grad_accum_steps: every micro-batch counts the same.
  "unweighted-mean": (sizes: number[]) => sizes.map(() => 1 / sizes.length),
  // The mean losses' gradients simply added up.
  "sum-of-means": (sizes: number[]) => sizes.map(() => 1),
  // Each mean turned back into a sum (× n_i), never divided by N.
  "sum-of-sums": (sizes: number[]) => sizes.map((n) => n),
};

function mistaken(c: KataCase, mistake: keyof typeof MISTAKEN_WEIGHTS): Value {
  const sizes = c.args[c.fn === "micro_batch_loss_weights" ? 0 : 1] as number[];
  const weights = MISTAKEN_WEIGHTS[mistake](sizes);
  if (c.fn === "micro_batch_loss_weights") return weights;
  const grads = c.args[0] as NDArray[];
  return nd([grads[0].data.length], grads[0].data.map((_, j) => grads.reduce((sum, g, i) => sum + weights[i] * g.data[j], 0)));
}

const generator: CaseGenerator = {
  random(rng, i) {
    const count = integer(rng, 1, 6);
    const sizes = Array.from({ length: count }, () => pick(rng, [integer(rng, 1, 8), integer(rng, 1, 64), 16]));
    if (i % 3 === 0) return weightsCall(sizes);
    const width = integer(rng, 1, 8);
    return accumulateCall(Array.from({ length: count }, () => normal(rng, [width])), sizes);
  },
  edges: () => [
    accumulateCall([f64([0.5, -1, 2]), f64([1.5, 0, -2]), f64([-0.5, 1, 3])], [4, 4, 4], "equal sizes"),
    accumulateCall([f64([0.25, -0.75])], [5], "one micro-batch"),
    accumulateCall([f64([1, 2]), f64([5, -2]), f64([-1, 0.5])], [6, 1, 3], "a micro-batch of size 1"),
    weightsCall([3, 1], "loss weights for sizes 3 and 1"),
  ],
  expected(c) {
    if (c.fn === "micro_batch_loss_weights") return microBatchLossWeights(c.args[0] as number[]);
    const grads = c.args[0] as NDArray[];
    return f64(Array.from(accumulatedMeanGradient(grads.map((g) => g.data), c.args[1] as number[])));
  },
  bugs: {
    "unweighted-mean": (c) => mistaken(c, "unweighted-mean"),
    "sum-of-means": (c) => mistaken(c, "sum-of-means"),
    "sum-of-sums": (c) => mistaken(c, "sum-of-sums"),
  },
};

export default generator;
