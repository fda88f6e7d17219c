/**
 * bradley_terry_loss(r_chosen, r_rejected) -> (loss, accuracy): the reward-model loss of
 * Ouyang et al. (2022). Expected values from src/nn/preference-loss.ts.
 */
import { bradleyTerryLoss, softplus } from "../../nn/preference-loss.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { integer, normal, pick } from "./draw.js";

const call = (chosen: NDArray, rejected: NDArray, name?: string): KataCase => ({ fn: "bradley_terry_loss", args: [chosen, rejected], ...(name ? { name } : {}) });
const pairs = (c: KataCase) => c.args as [NDArray, NDArray];
const edge = (name: string, chosen: number[], rejected: number[]) => call(nd([chosen.length], chosen), nd([rejected.length], rejected), name);

/** [loss, accuracy] with the loss's per-pair term and the accuracy's comparison given. */
function lossAndAccuracy(c: KataCase, perPairLoss: (margin: number) => number, counts: (margin: number) => boolean): [number, number] {
  const [chosen, rejected] = pairs(c);
  const margins = chosen.data.map((v, i) => v - rejected.data[i]);
  const loss = margins.reduce((sum, m) => sum + perPairLoss(m), 0) / margins.length;
  return [loss, margins.filter(counts).length / margins.length];
}

const generator: CaseGenerator = {
  random(rng) {
    const n = pick(rng, [integer(rng, 1, 4), integer(rng, 5, 64)]);
    const std = pick(rng, [0.5, 2, 8]);
    return call(normal(rng, [n], std), normal(rng, [n], std));
  },
  edges: () => [
    edge("margins of ±1e3", [1000, -3, 0.5, 2], [0, 997, 0, 4.5]),
    edge("zero margins", [1.5, -2, 0.25], [1.5, -2, 0.25]),
    edge("one pair", [0.3], [-0.7]),
  ],
  expected(c) {
    const { loss, accuracy } = bradleyTerryLoss(...pairs(c).map((a) => a.data) as [Float64Array, Float64Array]);
    return [loss, accuracy];
  },
  bugs: {
    // softplus(z) instead of softplus(-z): the loss of the flipped preference.
    "rejected-minus-chosen": (c) => lossAndAccuracy(c, softplus, (m) => m > 0),
    // log(1 / (1 + e^-z)): log(0) = -inf once e^-z overflows, so the loss is +inf.
    "naive-log-sigmoid": (c) => lossAndAccuracy(c, (m) => -Math.log(1 / (1 + Math.exp(-m))), (m) => m > 0),
    "ties-count-as-correct": (c) => lossAndAccuracy(c, (m) => softplus(-m), (m) => m >= 0),
  },
};

export default generator;
