/**
 * The verification step of speculative sampling (Leviathan et al. 2023, "Fast Inference
 * from Transformers via Speculative Decoding"; Chen et al. 2023, "Accelerating Large
 * Language Model Decoding with Speculative Sampling"). A draft model proposed token x from
 * its distribution q [V]; the target model's distribution at the same position is p [V].
 *
 *   accept x           with probability min(1, p[x] / q[x])      (u < that, u uniform in [0, 1))
 *   otherwise resample from the residual  r = max(0, p − q) / Σ max(0, p − q)
 *
 * The token that comes out is distributed exactly as p: token y is accepted with
 * probability q[y]·min(1, p[y]/q[y]) = min(p[y], q[y]), and a rejection, of total
 * probability 1 − Σ min(p, q) = Σ max(0, p − q), lands on y with probability r[y], which
 * adds max(0, p[y] − q[y]); min(p, q) + max(0, p − q) = p.
 */
import { InputError } from "../errors.js";
import { sampleInverseCdf } from "./sampling.js";

/** min(1, p[x] / q[x]): the probability that the target accepts the draft's token x (q[x] > 0). */
export function acceptanceProbability(p: ArrayLike<number>, q: ArrayLike<number>, x: number): number {
  if (!(q[x] > 0)) throw new InputError(`the draft proposed token ${x}, to which it gives probability ${q[x]}`, "x must be drawn from q, so q[x] > 0");
  return Math.min(1, p[x] / q[x]);
}

/** The residual distribution r = max(0, p − q) / Σ max(0, p − q) [V]; p must differ from q. */
export function residualDistribution(p: ArrayLike<number>, q: ArrayLike<number>): Float64Array {
  if (p.length !== q.length) throw new InputError(`p has ${p.length} entries and q ${q.length}`);
  const residual = Float64Array.from(p, (pi, i) => Math.max(0, pi - q[i]));
  const mass = residual.reduce((a, b) => a + b, 0);
  if (!(mass > 0)) throw new InputError("p equals q, so the residual is empty", "a draft token is never rejected when p = q");
  return residual.map((r) => r / mass);
}

/** What verification does with one draft token: keep it, or replace it by a residual sample. */
export interface Verification {
  accepted: boolean;
  token: number;
}

/**
 * Accepts draft token x when u < min(1, p[x] / q[x]); otherwise returns the residual's
 * inverse-CDF sample for v (the first id whose cumulative residual probability exceeds v).
 *
 * @example verifyDraftToken([0.5, 0.2, 0.3], [0.2, 0.6, 0.2], 1, 0.5, 0.6) // { accepted: false, token: 0 }
 */
export function verifyDraftToken(p: ArrayLike<number>, q: ArrayLike<number>, x: number, u: number, v: number): Verification {
  if (u < acceptanceProbability(p, q, x)) return { accepted: true, token: x };
  return { accepted: false, token: sampleInverseCdf(residualDistribution(p, q), v) };
}
