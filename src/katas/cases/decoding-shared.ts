/**
 * What the decoding katas' generators share: random logits and numbers, and the probabilities
 * a kata's known mistakes compute, over a vector of logits.
 */
import type { Rng } from "../../stats/prng.js";
import { nd, type NDArray } from "../values.js";
import { integer, normal, pick, uniform } from "./draw.js";

/**
 * Logits [V], V in 2..30: float32 normals of varied scale, or (one time in four) small
 * integers, so that ties in probability come up in random cases too.
 */
export function randomLogits(rng: Rng): NDArray {
  const V = integer(rng, 2, 30);
  if (rng.nextInt(4) === 0) return nd([V], Array.from({ length: V }, () => integer(rng, -2, 2)));
  return normal(rng, [V], pick(rng, [1, 2, 4]));
}

/** One uniform number in [lo, hi), rounded to float32. */
export const uniformNumber = (rng: Rng, lo = 0, hi = 1): number => uniform(rng, [1], lo, hi).data[0];

/** softmax(logits / temperature) in float64, max-subtracted. */
export function softmaxAt(logits: ArrayLike<number>, temperature = 1): number[] {
  const max = Math.max(...Array.from(logits));
  const e = Array.from(logits, (l) => Math.exp((l - max) / temperature));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/** probs where `keep` holds, 0 elsewhere, renormalized (NaN everywhere when nothing is kept, as 0/0). */
export function renormalized(probs: readonly number[], keep: (i: number) => boolean): NDArray {
  const masked = probs.map((p, i) => (keep(i) ? p : 0));
  const total = masked.reduce((a, b) => a + b, 0);
  return nd([probs.length], masked.map((p) => p / total));
}

/** Ids sorted by logit, descending; ties keep the lower id first. */
export const idsByLogit = (logits: ArrayLike<number>): number[] =>
  Array.from({ length: logits.length }, (_, i) => i).sort((a, b) => logits[b] - logits[a] || a - b);
