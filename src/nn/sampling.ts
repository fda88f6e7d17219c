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
}

/**
 * Picks the next token id from one position's logits [V].
 * Order as in common practice (HF's logits processors): temperature, then top-k, then
 * top-p, then a draw from the renormalized softmax with `rng`.
 * Ties in greedy decoding go to the lowest id, like argmax.
 *
 * @example sampleToken(logits, createRng(0), { temperature: 0.8, topK: 40 })
 */
export function sampleToken(logits: Float32Array, rng: Rng, options: SamplingOptions = {}): number {
  const { temperature = 1, topK, topP } = options;
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new InputError(`temperature must be 0 or more, got ${temperature}`);
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) throw new InputError(`topK must be a whole number of at least 1, got ${topK}`);
  if (topP !== undefined && !(topP > 0 && topP <= 1)) throw new InputError(`topP must be in (0, 1], got ${topP}`);
  const V = logits.length;
  if (temperature === 0) return argmax(logits);

  // Candidate ids sorted by logit, descending (stable: lower id first on ties).
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
  let cut = kept;
  if (topP !== undefined) {
    // Smallest prefix whose probability mass reaches topP (always at least one token).
    let mass = 0;
    for (let r = 0; r < kept; r++) {
      mass += weights[r] / total;
      if (mass >= topP) {
        cut = r + 1;
        break;
      }
    }
    total = 0;
    for (let r = 0; r < cut; r++) total += weights[r];
  }
  let u = rng.nextFloat() * total;
  for (let r = 0; r < cut; r++) {
    u -= weights[r];
    if (u < 0) return order[r];
  }
  return order[cut - 1];
}

/** Index of the largest value (the first one on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
