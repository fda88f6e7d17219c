/**
 * kl_estimators(logq, logp) -> (samples [3, N], means [3]): Schulman's (2020) k1, k2, k3
 * estimators of KL(q‖p) from samples x ~ q; discrete_kl(q, p): the exact KL(q‖p). Expected
 * values from src/nn/kl-estimators.ts.
 */
import { discreteKl, klEstimators } from "../../nn/kl-estimators.js";
import type { Rng } from "../../stats/prng.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray, type Value } from "../values.js";
import { integer, normal, pick, uniform } from "./draw.js";

const vector = (values: ArrayLike<number>) => nd([values.length], values);
const named = (c: KataCase, name?: string): KataCase => (name ? { ...c, name } : c);
const estimatorsCall = (logq: number[], logp: number[], name?: string) => named({ fn: "kl_estimators", args: [vector(logq), vector(logp)] }, name);
const klCall = (q: number[], p: number[], name?: string) => named({ fn: "discrete_kl", args: [vector(q), vector(p)] }, name);
const arrays = (c: KataCase) => (c.args as [NDArray, NDArray]).map((a) => a.data) as [Float64Array, Float64Array];

/** (samples [3, N], means [3]) from the three per-sample arrays. */
function withMeans(k1: ArrayLike<number>, k2: ArrayLike<number>, k3: ArrayLike<number>): Value {
  const rows = [k1, k2, k3].map((k) => Array.from(k));
  const n = rows[0].length;
  return [nd([3, n], rows.flat()), vector(rows.map((k) => k.reduce((a, b) => a + b, 0) / n))];
}

/** Estimator outputs with k1 or k3 replaced by a mistaken one; undefined on discrete_kl cases. */
function estimatorsWith(c: KataCase, mistake: { k1?: (r: number) => number; k3?: (r: number) => number }): Value | undefined {
  if (c.fn !== "kl_estimators") return undefined;
  const [logq, logp] = arrays(c);
  const { k1, k2, k3 } = klEstimators(logq, logp);
  const r = logp.map((v, i) => v - logq[i]);
  return withMeans(mistake.k1 ? r.map(mistake.k1) : k1, k2, mistake.k3 ? r.map(mistake.k3) : k3);
}

/** A random distribution over `size` outcomes; with `zeros`, about a fifth of them get probability 0. */
function distribution(rng: Rng, size: number, zeros: boolean): number[] {
  const weights = Array.from(uniform(rng, [size], 0.05, 1).data);
  if (zeros) weights.forEach((_, i) => i > 0 && rng.nextFloat() < 0.2 && (weights[i] = 0));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

const generator: CaseGenerator = {
  random(rng, i) {
    if (i % 2 === 0) {
      const n = pick(rng, [1, integer(rng, 2, 64)]);
      const logq = Array.from(uniform(rng, [n], -8, -0.05).data);
      const shift = normal(rng, [n], pick(rng, [0.01, 0.3, 2])).data;
      return estimatorsCall(logq, logq.map((v, j) => Math.fround(v + shift[j])));
    }
    const size = integer(rng, 2, 20);
    return klCall(distribution(rng, size, rng.nextFloat() < 0.4), distribution(rng, size, false));
  },
  edges: () => [
    estimatorsCall([-1.5, -3, -0.25], [-1.5, -3, -0.25], "r = 0"),
    estimatorsCall([-40, -0.5, -60, -2], [-10, -30.5, -10, -2.5], "large |r|"),
    klCall([0.5, 0, 0.3, 0.2], [0.1, 0.2, 0.3, 0.4], "q with zeros"),
    klCall([0.5, 0.25, 0.25], [0.5, 0.5, 0], "p = 0 where q > 0"),
    klCall([0.2, 0.3, 0.5], [0.2, 0.3, 0.5], "q = p"),
  ],
  expected(c) {
    if (c.fn === "discrete_kl") return discreteKl(...arrays(c));
    const { k1, k2, k3 } = klEstimators(...arrays(c));
    return withMeans(k1, k2, k3);
  },
  bugs: {
    "k1-sign": (c) => estimatorsWith(c, { k1: (r) => r }),
    // (q/p − 1) − log(q/p): the k3 form with the ratio upside down.
    "k3-inverse-ratio": (c) => estimatorsWith(c, { k3: (r) => Math.expm1(-r) + r }),
    "kl-reversed": (c) => (c.fn === "discrete_kl" ? discreteKl(...(arrays(c).reverse() as [Float64Array, Float64Array])) : undefined),
    // Σ q log(q/p) over every outcome: 0 · log 0 = NaN.
    "zero-log-zero": (c) => {
      if (c.fn !== "discrete_kl") return undefined;
      const [q, p] = arrays(c);
      return q.reduce((sum, qi, i) => sum + qi * Math.log(qi / p[i]), 0);
    },
  },
};

export default generator;
