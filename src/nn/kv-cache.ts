/**
 * A KV cache for incremental decoding: per layer, the keys and values of every position
 * fed so far, so each new token attends to them without recomputing the prefix.
 *
 * Layout per layer: keys[l] and values[l] are [H, capacity, D] (batch 1), filled at
 * positions 0..length−1. A forward pass with the cache feeds T new tokens at absolute
 * positions length..length+T−1: each layer appends their k, v (cachedAttention), then the
 * model advances `length` by T once all layers ran. Inference only: nothing is recorded
 * for backward.
 */
import { needsGrad, opOutput, type Tensor } from "../tensor/tensor.js";
import type { GptConfig } from "./config.js";

export interface KvCache {
  readonly nHead: number;
  readonly headDim: number;
  /** Positions it can hold: the model's blockSize. */
  readonly capacity: number;
  /** keys[layer]: [H, capacity, D]. */
  readonly keys: Float32Array[];
  /** values[layer]: [H, capacity, D]. */
  readonly values: Float32Array[];
  /** Positions filled so far (the absolute position of the next token fed). */
  length: number;
}

/** An empty cache for one sequence of a model with this config. */
export function createKvCache(config: GptConfig): KvCache {
  const headDim = config.nEmbd / config.nHead;
  const size = config.nHead * config.blockSize * headDim;
  return {
    nHead: config.nHead,
    headDim,
    capacity: config.blockSize,
    keys: Array.from({ length: config.nLayer }, () => new Float32Array(size)),
    values: Array.from({ length: config.nLayer }, () => new Float32Array(size)),
    length: 0,
  };
}

/**
 * Causal attention of T new queries over the cached prefix plus themselves:
 * writes k, v [1, H, T, D] into layer `layer` at positions length..length+T−1, then for new
 * step t (absolute position p = length + t):
 *   o_t = Σ_{u ≤ p} softmax_u(q_t·K_u / √D)·V_u
 * which is what causalAttention computes for row p over the whole sequence.
 * Returns o [1, H, T, D]. Does not advance `length` (the model does, after its last layer).
 */
export function cachedAttention(q: Tensor, k: Tensor, v: Tensor, cache: KvCache, layer: number): Tensor {
  const [batch, heads, steps, dim] = q.shape;
  if (q.shape.length !== 4 || batch !== 1 || heads !== cache.nHead || dim !== cache.headDim) {
    throw new Error(`cachedAttention expects q [1, ${cache.nHead}, T, ${cache.headDim}], got [${q.shape.join(", ")}]: a KV cache holds one sequence (batch 1)`);
  }
  if (needsGrad(q, k, v)) {
    throw new Error("a KV cache is for inference only: cachedAttention records no backward: run the forward pass inside noGrad(() => ...)");
  }
  const start = cache.length;
  if (start + steps > cache.capacity) {
    throw new Error(`KV cache is full: ${start} positions cached + ${steps} new > blockSize ${cache.capacity}: decode without the cache to crop the context, or keep prompt + new tokens within blockSize`);
  }
  const keys = cache.keys[layer];
  const values = cache.values[layer];
  // Append: cache[h, start + t, :] = k[0, h, t, :].
  for (let h = 0; h < heads; h++) {
    for (let t = 0; t < steps; t++) {
      keys.set(k.data.subarray((h * steps + t) * dim, (h * steps + t + 1) * dim), (h * cache.capacity + start + t) * dim);
      values.set(v.data.subarray((h * steps + t) * dim, (h * steps + t + 1) * dim), (h * cache.capacity + start + t) * dim);
    }
  }
  const scale = 1 / Math.sqrt(dim);
  const out = opOutput(q.shape);
  const scores = new Float64Array(start + steps);
  for (let h = 0; h < heads; h++) {
    const base = h * cache.capacity * dim; // this head's slice of the cache
    for (let t = 0; t < steps; t++) {
      const qt = (h * steps + t) * dim;
      const last = start + t; // attend to absolute positions 0..last
      let maxScore = -Infinity;
      for (let u = 0; u <= last; u++) {
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += q.data[qt + d] * keys[base + u * dim + d];
        scores[u] = dot * scale;
        if (scores[u] > maxScore) maxScore = scores[u];
      }
      let total = 0;
      for (let u = 0; u <= last; u++) {
        scores[u] = Math.exp(scores[u] - maxScore);
        total += scores[u];
      }
      for (let u = 0; u <= last; u++) {
        const p = scores[u] / total;
        for (let d = 0; d < dim; d++) out.data[qt + d] += p * values[base + u * dim + d];
      }
    }
  }
  return out;
}
