/**
 * causal_attention(q, k, v): softmax(q kᵀ / √d + causal mask) v for one head, q, k, v
 * [T, d] or [B, T, d]. Expected values from the engine's fused causalAttention
 * (src/tensor/attention.ts), which GPT training runs.
 */
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { attention64, engineCausalAttention } from "./attention-shared.js";
import { integer, normal, pick } from "./draw.js";

const call = (q: NDArray, k: NDArray, v: NDArray, name?: string): KataCase => ({ fn: "causal_attention", args: [q, k, v], ...(name ? { name } : {}) });
const args = (c: KataCase) => c.args as [NDArray, NDArray, NDArray];

/** An edge case whose q, k, v [T, d] are given row by row. */
const edge = (name: string, q: number[][], k: number[][], v: number[][]): KataCase => {
  const array = (rows: number[][]) => nd([rows.length, rows[0].length], rows.flat());
  return call(array(q), array(k), array(v), name);
};

const generator: CaseGenerator = {
  random(rng, i) {
    const steps = pick(rng, [integer(rng, 1, 4), integer(rng, 2, 12)]);
    const dim = pick(rng, [integer(rng, 1, 4), integer(rng, 4, 16)]);
    const shape = i % 3 === 2 ? [integer(rng, 2, 3), steps, dim] : [steps, dim];
    const std = pick(rng, [1, 2]);
    return call(normal(rng, shape, std), normal(rng, shape, std), normal(rng, shape));
  },
  edges: () => [
    edge("T = 1", [[0.5, -1, 2, 0.25]], [[1, 2, -0.5, 3]], [[0.1, -0.2, 0.3, -0.4]]),
    edge("d = 1", [[1], [-2], [0.5], [3]], [[0.5], [1], [-1.5], [2]], [[1], [2], [3], [4]]),
    edge("scores in the thousands", [[50, -40], [-45, 60], [55, 50]], [[40, 50], [-60, 30], [50, -50]], [[1, 2], [3, 4], [5, 6]]),
    call(
      nd([2, 3, 4], [0.3, -1.2, 0.8, 0.5, 1.1, 0.4, -0.7, 2.0, -0.6, 0.9, 1.5, -0.3, 0.2, 0.2, 0.2, 0.2, -1, 1, -1, 1, 0.5, 0.5, -0.5, -0.5]),
      nd([2, 3, 4], [1.0, 0.5, -0.5, 0.2, -0.8, 1.3, 0.6, -1.1, 0.4, -0.2, 0.9, 1.7, 0.7, -0.7, 1.2, 0.1, -0.3, 0.8, 0.8, -1.4, 1.6, 0.2, -0.9, 0.5]),
      nd([2, 3, 4], [1, 0, 0, 2, 0, 1, 0, -1, 0, 0, 1, 0.5, 2, -1, 0.5, 0, -0.5, 3, 1, 1, 0, 0.25, -2, 1.5]),
      "batch of 2",
    ),
  ],
  expected: (c) => engineCausalAttention(...args(c)),
  bugs: {
    // softmax(q kᵀ) v: the scores' variance grows with d, so the softmax saturates.
    "no-scale": (c) => attention64(...args(c), { scale: 1 }),
    // Masks the diagonal too (t sees only u < t): row 0 sees nothing and is NaN.
    "strict-mask": (c) => attention64(...args(c), { visible: (t, u) => u < t }),
    // Masks from t + 2 on (np.triu(…, k=2)): t also sees the next token.
    "sees-next-token": (c) => attention64(...args(c), { visible: (t, u) => u <= t + 1 }),
    // softmax(scores, axis=-2): each key's column over the queries sums to 1.
    "softmax-over-queries": (c) => attention64(...args(c), { over: "queries" }),
  },
};

export default generator;
