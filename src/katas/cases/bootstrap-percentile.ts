/**
 * percentile_interval(x, indices, level): the percentile bootstrap interval of the mean,
 * with the resamples given as indices [B, n] so that the answer is deterministic. Expected
 * values from src/stats/bootstrap.ts intervalFromDistribution (scipy.stats.bootstrap's
 * interval step: linear quantiles at (1 - level)/2 and (1 + level)/2).
 */
import { intervalFromDistribution, linearQuantile } from "../../stats/bootstrap.js";
import { createRng } from "../../stats/prng.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { integer, integers, normal, pick } from "./draw.js";

const call = (x: NDArray, indices: NDArray, level: number, name?: string): KataCase => ({
  fn: "percentile_interval",
  args: [x, indices, level],
  ...(name ? { name } : {}),
});
const args = (c: KataCase) => c.args as [NDArray, NDArray, number];

/** The mean of x over each row of indices [B, n]: the bootstrap distribution [B]. */
function resampleMeans(x: NDArray, indices: NDArray): Float64Array {
  const [b, n] = indices.shape;
  return Float64Array.from({ length: b }, (_, r) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += x.data[indices.data[r * n + i]];
    return sum / n;
  });
}

/** The mean over each column of indices instead: n values, one per draw position. */
function columnMeans(x: NDArray, indices: NDArray): Float64Array {
  const [b, n] = indices.shape;
  return Float64Array.from({ length: n }, (_, i) => {
    let sum = 0;
    for (let r = 0; r < b; r++) sum += x.data[indices.data[r * n + i]];
    return sum / b;
  });
}

const mean = (x: NDArray) => x.data.reduce((a, b) => a + b, 0) / x.data.length;
const sorted = (values: Float64Array) => Float64Array.from(values).sort();

/** Fixed resamples for an edge case: B rows of n indices from a generator of its own seed. */
const fixedResamples = (b: number, n: number, seed: number) => integers(createRng(seed), [b, n], 0, n - 1);

const generator: CaseGenerator = {
  random(rng) {
    const n = integer(rng, 1, 30);
    const b = pick(rng, [integer(rng, 1, 10), integer(rng, 10, 100), integer(rng, 100, 500)]);
    // Continuous scores, or 0/1 correctness as in an accuracy interval (many tied means).
    const x = rng.nextFloat() < 0.5 ? normal(rng, [n], pick(rng, [1, 10])) : integers(rng, [n], 0, 1);
    return call(nd([n], x.data), integers(rng, [b, n], 0, n - 1), pick(rng, [0.5, 0.8, 0.9, 0.95, 0.99]));
  },
  edges: () => [
    call(nd([6], [2.5, -1, 4, 0.5, 3, 7]), fixedResamples(10, 6, 1), 0.8, "10 resamples at level 0.8"),
    call(nd([5], [1, 0, 1, 1, 0]), fixedResamples(7, 5, 2), 0.5, "level 0.5"),
    call(nd([4], [3, 1, 4, 1]), fixedResamples(1, 4, 3), 0.95, "one resample"),
    call(nd([3], [2, 2, 2]), fixedResamples(20, 3, 4), 0.95, "constant data"),
    call(nd([1], [-4.5]), fixedResamples(6, 1, 5), 0.9, "one example"),
  ],
  expected(c) {
    const [x, indices, level] = args(c);
    const { low, high } = intervalFromDistribution({ estimate: mean(x), distribution: resampleMeans(x, indices), method: "percentile", level });
    return [low, high];
  },
  bugs: {
    // The whole 1 - level in each tail: quantiles at 1 - level and level.
    "unhalved-alpha": (c) => {
      const [x, indices, level] = args(c);
      const means = sorted(resampleMeans(x, indices));
      return [linearQuantile(means, 1 - level), linearQuantile(means, level)];
    },
    // sorted[int(alpha·B)] and sorted[int((1 − alpha)·B)], no interpolation.
    "nearest-rank": (c) => {
      const [x, indices, level] = args(c);
      const means = sorted(resampleMeans(x, indices));
      const alpha = (1 - level) / 2;
      return [means[Math.trunc(alpha * means.length)], means[Math.trunc((1 - alpha) * means.length)]];
    },
    // x[indices].mean(axis=0): n means over the resamples at each position, not B resample means.
    "wrong-axis": (c) => {
      const [x, indices, level] = args(c);
      const { low, high } = intervalFromDistribution({ estimate: mean(x), distribution: columnMeans(x, indices), method: "percentile", level });
      return [low, high];
    },
  },
};

export default generator;
