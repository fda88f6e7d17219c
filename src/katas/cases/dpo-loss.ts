/**
 * dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta) ->
 * (loss, chosen_rewards, rejected_rewards): DPO (Rafailov et al. 2023) as TRL's sigmoid loss.
 * Expected values from src/nn/preference-loss.ts.
 */
import { dpoLoss, softplus } from "../../nn/preference-loss.js";
import type { Rng } from "../../stats/prng.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray, type Value } from "../values.js";
import { integer, normal, pick, uniform } from "./draw.js";

type Arrays = [NDArray, NDArray, NDArray, NDArray];

const call = (arrays: number[][], beta: number, name?: string): KataCase => ({
  fn: "dpo_loss",
  args: [...arrays.map((a) => nd([a.length], a)), beta],
  ...(name ? { name } : {}),
});
const inputs = (c: KataCase) => ({ arrays: c.args.slice(0, 4) as Arrays, beta: c.args[4] as number });

/** Sequence log-probs of n responses: a reference in [-150, -5) and a policy that has moved from it by N(0, spread²). */
function logProbs(rng: Rng, n: number, spread: number): { policy: number[]; reference: number[] } {
  const reference = Array.from(uniform(rng, [n], -150, -5).data);
  const shift = normal(rng, [n], spread).data;
  return { policy: reference.map((r, i) => Math.fround(r + shift[i])), reference };
}


/** One pair's inputs: its four sequence log-probs and beta. */
interface Pair {
  policyChosen: number;
  policyRejected: number;
  referenceChosen: number;
  referenceRejected: number;
  beta: number;
}

/** What a mistaken DPO outputs: `perPair` gives each pair's loss term, `scale` multiplies the mean; the implicit rewards are right. */
function mistaken(c: KataCase, perPair: (pair: Pair) => number, scale = 1): Value {
  const { arrays, beta } = inputs(c);
  const [pc, pr, rc, rr] = arrays.map((a) => a.data);
  const n = pc.length;
  let loss = 0;
  for (let i = 0; i < n; i++) loss += perPair({ policyChosen: pc[i], policyRejected: pr[i], referenceChosen: rc[i], referenceRejected: rr[i], beta });
  return [(scale * loss) / n, nd([n], pc.map((v, i) => beta * (v - rc[i]))), nd([n], pr.map((v, i) => beta * (v - rr[i])))];
}

/** (π_c − ref_c) − (π_r − ref_r): the change of the policy's preference from the reference's. */
const logratioMargin = (p: Pair) => p.policyChosen - p.referenceChosen - (p.policyRejected - p.referenceRejected);

const generator: CaseGenerator = {
  random(rng) {
    const n = pick(rng, [1, integer(rng, 2, 8), integer(rng, 9, 32)]);
    const spread = pick(rng, [0.5, 3, 20]);
    const chosen = logProbs(rng, n, spread);
    const rejected = logProbs(rng, n, spread);
    return call([chosen.policy, rejected.policy, chosen.reference, rejected.reference], pick(rng, [0.05, 0.1, 0.3, 0.5]));
  },
  edges: () => [
    call([[-12, -40, -7.5], [-20, -33, -9], [-12, -40, -7.5], [-20, -33, -9]], 0.1, "policy = reference"),
    call([[-10, -50000, -30], [-30000, -20, -35], [-10, -20, -31], [-10, -20, -34]], 0.5, "margins beyond 1e4"),
    call([[-21.5], [-19.25], [-22], [-18]], 0.2, "one pair"),
  ],
  expected(c) {
    const { arrays, beta } = inputs(c);
    const [policyChosen, policyRejected, referenceChosen, referenceRejected] = arrays.map((a) => a.data);
    const out = dpoLoss({ policyChosen, policyRejected, referenceChosen, referenceRejected }, beta);
    const n = policyChosen.length;
    return [out.loss, nd([n], out.chosenRewards), nd([n], out.rejectedRewards)];
  },
  bugs: {
    // logits = β(π_c − π_r): the policy's own preference, not its change from the reference.
    "no-reference": (c) => mistaken(c, (p) => softplus(-p.beta * (p.policyChosen - p.policyRejected))),
    // β · mean(−log σ(Δ)) instead of mean(−log σ(β Δ)).
    "beta-outside-sigmoid": (c) => mistaken(c, (p) => softplus(-logratioMargin(p)), inputs(c).beta),
    // log(1 / (1 + e^-h)): +inf once e^-h overflows.
    "naive-log-sigmoid": (c) => mistaken(c, (p) => -Math.log(1 / (1 + Math.exp(-p.beta * logratioMargin(p))))),
  },
};

export default generator;
