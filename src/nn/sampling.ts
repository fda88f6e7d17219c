import { InputError } from "../errors.js";
import type { Rng } from "../stats/prng.js";

/** How the next token is chosen from the logits. temperature 0 means greedy. */
export interface SamplingOptions {
  /** Divides the logits; 0 picks the most likely token (greedy). Default 1. */
  temperature?: number;
  /** Keep only the k most likely tokens (nanoGPT's top_k). */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p (nucleus sampling, Holtzman et al. 2020). */
  topP?: number;
  /** Keep the tokens whose probability is at least minP times the largest one (min-p sampling, Nguyen et al. 2024). */
  minP?: number;
}

function validate({ temperature = 1, topK, topP, minP }: SamplingOptions): void {
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new InputError(`temperature must be 0 or more, got ${temperature}`);
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) throw new InputError(`topK must be a whole number of at least 1, got ${topK}`);
  if (topP !== undefined && !(topP > 0 && topP <= 1)) throw new InputError(`topP must be in (0, 1], got ${topP}`);
  if (minP !== undefined && !(minP >= 0 && minP <= 1)) throw new InputError(`minP must be in [0, 1], got ${minP}`);
}

/**
 * The tokens that survive filtering: `order[0..count)` are their ids, most likely first,
 * and `weights[r]` = exp((l_order[r] − l_max) / T) their unnormalized probabilities,
 * summing to `total`.
 */
interface Candidates {
  order: number[];
  weights: Float64Array;
  count: number;
  total: number;
}

/**
 * Temperature (T > 0), then top-k, then top-p, then min-p, as in common practice (HF's
 * logits processors). Every filter keeps a prefix of the ids sorted by logit, descending
 * and stable (lower id first on ties), so the most likely token always survives.
 */
function candidates(logits: ArrayLike<number>, { temperature = 1, topK, topP, minP }: SamplingOptions): Candidates {
  const V = logits.length;
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => logits[b] - logits[a] || a - b);
  const kept = topK === undefined ? V : Math.min(topK, V);
  // softmax over the kept candidates at this temperature: p_i = exp((l_i - l_max)/T) / Σ
  const max = logits[order[0]];
  const weights = new Float64Array(kept);
  let total = 0;
  for (let r = 0; r < kept; r++) {
    weights[r] = Math.exp((logits[order[r]] - max) / temperature);
    total += weights[r];
  }
  let count = kept;
  if (topP !== undefined) {
    // Smallest prefix whose probability mass reaches topP, the token that crosses it included.
    let mass = 0;
    for (let r = 0; r < kept; r++) {
      mass += weights[r] / total;
      if (mass >= topP) {
        count = r + 1;
        break;
      }
    }
  }
  // p_r ≥ minP · p_max, and p_r / p_max = weights[r] / weights[0] = weights[r].
  if (minP !== undefined) while (count > 1 && weights[count - 1] < minP) count--;
  if (count < kept) {
    total = 0;
    for (let r = 0; r < count; r++) total += weights[r];
  }
  return { order, weights, count, total };
}

/**
 * The distribution a token is drawn from after temperature, top-k, top-p and min-p:
 * probabilities over all V ids [V], renormalized over the survivors, 0 elsewhere.
 * Temperature 0 gives all the mass to the argmax (the lowest id on ties).
 *
 * @example samplingDistribution([2, 1, 0, -1], { topP: 0.8 }) // [0.731, 0.269, 0, 0]
 */
export function samplingDistribution(logits: ArrayLike<number>, options: SamplingOptions = {}): Float64Array {
  validate(options);
  const probs = new Float64Array(logits.length);
  if (options.temperature === 0) {
    probs[argmax(logits)] = 1;
    return probs;
  }
  const { order, weights, count, total } = candidates(logits, options);
  for (let r = 0; r < count; r++) probs[order[r]] = weights[r] / total;
  return probs;
}

/**
 * Picks the next token id from one position's logits [V]: a draw with `rng` from
 * `samplingDistribution(logits, options)`. Ties in greedy decoding go to the lowest id,
 * like argmax.
 *
 * @example sampleToken(logits, createRng(0), { temperature: 0.8, topK: 40 })
 */
export function sampleToken(logits: Float32Array, rng: Rng, options: SamplingOptions = {}): number {
  validate(options);
  if (options.temperature === 0) return argmax(logits);
  const { order, weights, count, total } = candidates(logits, options);
  let u = rng.nextFloat() * total;
  for (let r = 0; r < count; r++) {
    u -= weights[r];
    if (u < 0) return order[r];
  }
  return order[count - 1];
}

/**
 * Inverse-CDF sampling: the first id i whose cumulative probability Σ_{j≤i} probs[j]
 * exceeds u, for u uniform in [0, 1). A zero-probability id is never chosen (its
 * cumulative sum does not grow past u); when rounding leaves the total at or below u,
 * the last id with non-zero probability.
 *
 * @example sampleInverseCdf([0.2, 0, 0.5, 0.3], 0.2) // 2
 */
export function sampleInverseCdf(probs: ArrayLike<number>, u: number): number {
  let cumulative = 0;
  let last = -1;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] <= 0) continue;
    cumulative += probs[i];
    last = i;
    if (cumulative > u) return i;
  }
  if (last < 0) throw new Error("sampleInverseCdf: no id has positive probability");
  return last;
}

/** Index of the largest value (the first one on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
