/**
 * grpo_advantages(rewards [G, n], eps) -> [G, n]: GRPO's group-normalized advantages (Shao et
 * al. 2024) with TRL's conventions (sample std, eps added to the std). Expected values from
 * src/nn/grpo-advantages.ts.
 */
import { grpoAdvantages } from "../../nn/grpo-advantages.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { integer, integers, normal, pick, uniform } from "./draw.js";

const call = (rewards: NDArray, eps: number, name?: string): KataCase => ({ fn: "grpo_advantages", args: [rewards, eps], ...(name ? { name } : {}) });
const edge = (name: string, rows: number[][], eps = 1e-4) => call(nd([rows.length, rows[0].length], rows.flat()), eps, name);
const inputs = (c: KataCase) => ({ rewards: c.args[0] as NDArray, eps: c.args[1] as number });

/** (r − mean)/(std(ddof) + eps) with mean and std over `span` consecutive rewards (a group, or the whole batch). */
function standardized(rewards: NDArray, span: number, ddof: number, eps: number): NDArray {
  const out = new Float64Array(rewards.data.length);
  for (let start = 0; start < out.length; start += span) {
    const part = rewards.data.subarray(start, start + span);
    const mean = part.reduce((a, b) => a + b, 0) / span;
    const std = Math.sqrt(part.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (span - ddof));
    part.forEach((r, i) => (out[start + i] = (r - mean) / (std + eps)));
  }
  return nd(rewards.shape, out);
}

const generator: CaseGenerator = {
  random(rng) {
    const shape = [integer(rng, 1, 8), pick(rng, [2, integer(rng, 3, 8), 16])];
    const kind = pick(rng, ["pass/fail", "uniform", "normal"] as const);
    // Pass/fail rewards (a verifier's 0 or 1) often give whole groups of equal rewards.
    const rewards = kind === "pass/fail" ? nd(shape, integers(rng, shape, 0, 1).data) : kind === "uniform" ? uniform(rng, shape) : normal(rng, shape, 3);
    return call(rewards, pick(rng, [1e-4, 1e-4, 1e-6]));
  },
  edges: () => [
    edge("all rewards equal in a group", [[1, 0, 0, 1], [1, 1, 1, 1], [0.5, 0.5, 0.5, 0.5], [0.2, 0.9, 0.4, 0.7]]),
    edge("n = 2", [[1, 0], [0.25, 0.75], [3, -1]]),
    edge("one group", [[0.1, 0.8, 0.3, 0.3, 1, 0]]),
  ],
  expected(c) {
    const { rewards, eps } = inputs(c);
    return nd(rewards.shape, grpoAdvantages(rewards.data, rewards.shape[1], eps));
  },
  bugs: {
    "batch-normalized": (c) => standardized(inputs(c).rewards, inputs(c).rewards.data.length, 1, inputs(c).eps),
    "population-std": (c) => standardized(inputs(c).rewards, inputs(c).rewards.shape[1], 0, inputs(c).eps),
    // 0 / 0 = NaN for a group of equal rewards.
    "no-eps": (c) => standardized(inputs(c).rewards, inputs(c).rewards.shape[1], 1, 0),
  },
};

export default generator;
