/**
 * pass_at_k(n, c, k): the unbiased estimator of Chen et al. (2021). Expected values from
 * src/metrics/pass-at-k.ts, which agrees with openai/human-eval's estimate_pass_at_k.
 */
import { passAtK } from "../../metrics/pass-at-k.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { integer, pick } from "./draw.js";

const call = (n: number, c: number, k: number, name?: string): KataCase => ({ fn: "pass_at_k", args: [n, c, k], ...(name ? { name } : {}) });
const args = (c: KataCase) => c.args as [number, number, number];

const generator: CaseGenerator = {
  random(rng) {
    const n = pick(rng, [integer(rng, 1, 20), integer(rng, 20, 200), integer(rng, 200, 1000)]);
    const c = integer(rng, 0, n);
    const k = pick(rng, [1, integer(rng, 1, Math.min(n, 10)), integer(rng, 1, n)]);
    return call(n, c, k);
  },
  edges: () => [
    call(10, 8, 5, "n - c < k"),
    call(50, 0, 10, "no correct samples"),
    call(1000, 3, 100, "n = 1000, k = 100"),
    call(1000, 999, 1, "k = 1"),
    call(1, 1, 1, "one sample"),
  ],
  expected: (c) => passAtK(...args(c)),
  bugs: {
    // 1 − (1 − c/n)^k: sampling with replacement, biased low for k > 1.
    "with-replacement": (c) => {
      const [n, correct, k] = args(c);
      return 1 - (1 - correct / n) ** k;
    },
    // One factor too many: Π over i = n−c..n instead of n−c+1..n.
    "off-by-one-range": (c) => {
      const [n, correct, k] = args(c);
      if (n - correct < k) return 1;
      let product = 1;
      for (let i = n - correct; i <= n; i++) product *= 1 - k / i;
      return 1 - product;
    },
  },
};

export default generator;
