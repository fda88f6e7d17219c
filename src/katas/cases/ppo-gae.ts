/**
 * gae(rewards, values, dones, gamma, lam) -> (advantages, returns) (Schulman et al. 2016) and
 * ppo_clip_objective(logp_new, logp_old, advantages, eps) (Schulman et al. 2017). Expected
 * values from src/nn/policy-gradient.ts.
 */
import { gae, ppoClipObjective } from "../../nn/policy-gradient.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray, type Value } from "../values.js";
import { integer, normal, pick, uniform } from "./draw.js";

const vector = (values: ArrayLike<number>) => nd([values.length], values);
const named = (c: KataCase, name?: string): KataCase => (name ? { ...c, name } : c);

const gaeCall = (rewards: number[], values: number[], dones: number[], gamma: number, lam: number, name?: string): KataCase =>
  named({ fn: "gae", args: [vector(rewards), vector(values), vector(dones), gamma, lam] }, name);
const ppoCall = (logpNew: number[], logpOld: number[], advantages: number[], eps: number, name?: string): KataCase =>
  named({ fn: "ppo_clip_objective", args: [vector(logpNew), vector(logpOld), vector(advantages), eps] }, name);

const gaeInputs = (c: KataCase) => {
  const [rewards, values, dones, gamma, lam] = c.args as [NDArray, NDArray, NDArray, number, number];
  return { rewards: rewards.data, values: values.data, dones: dones.data, gamma, lam };
};
const ppoInputs = (c: KataCase) => {
  const [logpNew, logpOld, advantages, eps] = c.args as [NDArray, NDArray, NDArray, number];
  return { logpNew: logpNew.data, logpOld: logpOld.data, advantages: advantages.data, eps };
};

/** The mean over samples of term(ρ_i, A_i, ε), for a mistaken PPO objective; undefined on GAE cases. */
function ppoWith(c: KataCase, term: (ratio: number, advantage: number, eps: number) => number): Value | undefined {
  if (c.fn !== "ppo_clip_objective") return undefined;
  const { logpNew, logpOld, advantages, eps } = ppoInputs(c);
  return logpNew.reduce((sum, logp, i) => sum + term(Math.exp(logp - logpOld[i]), advantages[i], eps), 0) / logpNew.length;
}
const clip = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);

const generator: CaseGenerator = {
  random(rng, i) {
    if (i % 2 === 0) {
      const T = pick(rng, [integer(rng, 1, 5), integer(rng, 6, 40)]);
      const dones = Array.from({ length: T }, () => (rng.nextFloat() < 0.15 ? 1 : 0));
      return gaeCall(
        Array.from(normal(rng, [T]).data),
        Array.from(normal(rng, [T + 1], 2).data),
        dones,
        pick(rng, [0.9, 0.99, 1]),
        pick(rng, [0, 0.5, 0.95, 1]),
      );
    }
    const n = pick(rng, [1, integer(rng, 2, 64)]);
    const logpOld = uniform(rng, [n], -6, -0.05).data;
    const step = normal(rng, [n], pick(rng, [0.05, 0.3, 1])).data;
    return ppoCall(
      Array.from(logpOld, (v, j) => Math.fround(v + step[j])),
      Array.from(logpOld),
      Array.from(normal(rng, [n]).data),
      pick(rng, [0.1, 0.2, 0.3]),
    );
  },
  edges: () => [
    gaeCall([1, 0.5, 2, -1, 0, 3], [0.5, 1, -0.5, 2, 0, 1.5, 4], [0, 0, 1, 0, 0, 0], 0.99, 0.95, "done in the middle"),
    gaeCall([1, 2, 0, -1], [0.5, 0.25, -1, 2, 3], [0, 0, 0, 1], 0.9, 0.8, "done at the last step"),
    gaeCall([1, 2, 3, -0.5], [0.5, 0.25, -1, 0, 4], [0, 1, 0, 0], 0.9, 0, "λ = 0 (one-step TD)"),
    gaeCall([1, 2, 3, -0.5], [0.5, 0.25, -1, 0, 4], [0, 0, 0, 0], 0.9, 1, "λ = 1 (Monte Carlo minus value)"),
    ppoCall([Math.log(0.5), Math.log(2), Math.log(1.05)], [0, 0, 0], [-1, -2, -0.5], 0.2, "negative advantages, the clip binds"),
    ppoCall([Math.log(1.5), Math.log(0.6), Math.log(0.9)], [0, 0, 0], [2, 1, 0.5], 0.2, "positive advantages, the clip binds"),
  ],
  expected(c) {
    if (c.fn === "gae") {
      const { rewards, values, dones, gamma, lam } = gaeInputs(c);
      const out = gae(rewards, values, dones, gamma, lam);
      return [vector(out.advantages), vector(out.returns)];
    }
    const { logpNew, logpOld, advantages, eps } = ppoInputs(c);
    return ppoClipObjective(logpNew, logpOld, advantages, eps);
  },
  bugs: {
    // A_t = δ_t + γλ A_{t+1} with no (1 − done_t): the next episode's advantage leaks back.
    "no-reset-at-done": (c) => {
      if (c.fn !== "gae") return undefined;
      const { rewards, values, dones, gamma, lam } = gaeInputs(c);
      const T = rewards.length;
      const advantages = new Float64Array(T);
      let running = 0;
      for (let t = T - 1; t >= 0; t--) {
        running = rewards[t] + gamma * values[t + 1] * (1 - dones[t]) - values[t] + gamma * lam * running;
        advantages[t] = running;
      }
      return [vector(advantages), vector(advantages.map((a, t) => a + values[t]))];
    },
    // min(ρA, clip(ρA, 1 − ε, 1 + ε)): the product clipped to the ratio's range.
    "clipped-advantage": (c) => ppoWith(c, (ratio, a, eps) => Math.min(ratio * a, clip(ratio * a, 1 - eps, 1 + eps))),
    // max(ρA, clip(ρ)A): an optimistic bound that rewards moving far from the old policy.
    "max-not-min": (c) => ppoWith(c, (ratio, a, eps) => Math.max(ratio * a, clip(ratio, 1 - eps, 1 + eps) * a)),
  },
};

export default generator;
