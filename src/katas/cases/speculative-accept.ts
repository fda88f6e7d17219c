/**
 * residual_distribution(p, q) and verify_draft_token(p, q, x, u, v): the verification step
 * of speculative sampling. Expected values from src/nn/speculative-sampling.ts.
 */
import { sampleInverseCdf } from "../../nn/sampling.js";
import { residualDistribution, verifyDraftToken, type Verification } from "../../nn/speculative-sampling.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray, type Value } from "../values.js";
import { softmaxAt, uniformNumber } from "./decoding-shared.js";
import { integer, normal, pick } from "./draw.js";

type Args = [NDArray, NDArray, number, number, number];
const args = (c: KataCase) => c.args as Args;
const vector = (values: number[]) => nd([values.length], values);

const named = (name?: string) => (name ? { name } : {});
const residualCall = (p: number[], q: number[], name?: string): KataCase => ({ fn: "residual_distribution", args: [vector(p), vector(q)], ...named(name) });
const verifyCall = (p: number[], q: number[], x: number, u: number, v: number, name?: string): KataCase => ({
  fn: "verify_draft_token",
  args: [vector(p), vector(q), x, u, v],
  ...named(name),
});

const answer = ({ accepted, token }: Verification): Value => [accepted, token];

/** Verification that accepts when u < min(1, ratio(p[x], q[x])) and resamples a rejection from `fallback(p, q)`. */
function verifyWith(c: KataCase, ratio: (p: number, q: number) => number, fallback: (p: Float64Array, q: Float64Array) => ArrayLike<number>): Value {
  const [p, q, x, u, v] = args(c);
  if (u < Math.min(1, ratio(p.data[x], q.data[x]))) return answer({ accepted: true, token: x });
  return answer({ accepted: false, token: sampleInverseCdf(fallback(p.data, q.data), v) });
}

const generator: CaseGenerator = {
  random(rng, i) {
    const V = integer(rng, 2, 20);
    // A draft close to the target: its logits are the target's plus noise.
    const target = normal(rng, [V], pick(rng, [1, 2])).data;
    const noise = normal(rng, [V], pick(rng, [0.3, 1])).data;
    const p = softmaxAt(target);
    const q = softmaxAt(target.map((t, j) => t + noise[j]));
    if (i % 3 === 0) return residualCall(p, q);
    const x = sampleInverseCdf(q, uniformNumber(rng)); // the draft's token, drawn from q
    return verifyCall(p, q, x, uniformNumber(rng), uniformNumber(rng));
  },
  edges: () => [
    residualCall([0.1, 0.4, 0.5], [0.3, 0.4, 0.3], "residual, p > q on one token"),
    residualCall([0.5, 0.2, 0.3], [0.2, 0.6, 0.2], "residual, p > q on two tokens"),
    verifyCall([0.2, 0.5, 0.3], [0.2, 0.5, 0.3], 1, 0.999, 0.5, "p = q always accepts"),
    verifyCall([0.5, 0.2, 0.3], [0.2, 0.6, 0.2], 0, 0.99, 0.5, "p[x] > q[x] always accepts"),
    verifyCall([0.5, 0.2, 0.3], [0.2, 0.6, 0.2], 1, 0.3, 0.6, "q[x] > p[x], accepted"),
    verifyCall([0.5, 0.2, 0.3], [0.2, 0.6, 0.2], 1, 0.5, 0.6, "q[x] > p[x], rejected"),
    verifyCall([0.6, 0, 0.4], [0.3, 0.3, 0.4], 1, 0, 0.7, "p[x] = 0, u = 0"),
  ],
  expected(c) {
    const [p, q, x, u, v] = args(c);
    return c.fn === "residual_distribution" ? nd(p.shape, residualDistribution(p.data, q.data)) : answer(verifyDraftToken(p.data, q.data, x, u, v));
  },
  bugs: {
    "resample-from-p": (c) => (c.fn === "verify_draft_token" ? verifyWith(c, (p, q) => p / q, (p) => p) : undefined),
    "ratio-inverted": (c) => (c.fn === "verify_draft_token" ? verifyWith(c, (p, q) => q / p, residualDistribution) : undefined),
    // max(0, q − p): the mass where the draft over-proposes, the opposite of what rejections must add.
    "residual-sign-flipped": (c) => {
      const [p, q] = args(c);
      if (c.fn === "residual_distribution") return nd(p.shape, residualDistribution(q.data, p.data));
      return verifyWith(c, (pi, qi) => pi / qi, (pd, qd) => residualDistribution(qd, pd));
    },
  },
};

export default generator;
