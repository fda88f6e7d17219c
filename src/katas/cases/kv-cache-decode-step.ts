/**
 * kv_cache_decode_step(k_cache, v_cache, q, k, v): one decoding step of one head with a KV
 * cache: append the new key and value, attend over all t + 1 positions, return
 * (out [d], new k_cache [t+1, d], new v_cache [t+1, d]). Expected values from
 * cachedAttention (src/nn/kv-cache.ts), the cache GPT decoding uses, on a one-layer,
 * one-head cache holding the t cached positions.
 */
import { cachedAttention, type KvCache } from "../../nn/kv-cache.js";
import { createRng, type Rng } from "../../stats/prng.js";
import { tensor } from "../../tensor/tensor.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray, type Value } from "../values.js";
import { attention64 } from "./attention-shared.js";
import { integer, normal, pick } from "./draw.js";

const args = (c: KataCase) => c.args as [NDArray, NDArray, NDArray, NDArray, NDArray];

/** A cache of `cached` positions and the new token's q, k, v, normal with std `std`. */
function draw(rng: Rng, cached: number, dim: number, std = 1, name?: string): KataCase {
  const cache = () => normal(rng, [cached, dim], std);
  const token = () => normal(rng, [dim], std);
  return { fn: "kv_cache_decode_step", args: [cache(), cache(), token(), token(), token()], ...(name ? { name } : {}) };
}

/** A row vector [d] as a matrix [1, d] (one query, or one key). */
const asRow = (a: NDArray) => nd([1, a.shape[0]], a.data);
/** The first row of a [1, d] result, as [d]. */
const firstRow = (a: NDArray) => nd([a.shape[1]], a.data);

const generator: CaseGenerator = {
  random(rng) {
    return draw(rng, pick(rng, [0, 1, integer(rng, 2, 6), integer(rng, 6, 30)]), pick(rng, [1, integer(rng, 2, 16)]), pick(rng, [1, 2]));
  },
  edges() {
    // Fixed seeds, so that the edge cases are the same at every check.
    return [
      draw(createRng(1), 1, 4, 1, "cache of length 1"),
      draw(createRng(2), 0, 4, 1, "empty cache"),
      draw(createRng(3), 5, 1, 1, "d = 1"),
      draw(createRng(4), 6, 4, 40, "scores in the thousands"),
    ];
  },
  expected(c) {
    const [kCache, vCache, q, k, v] = args(c);
    const [cached, dim] = kCache.shape;
    const capacity = cached + 1;
    // One layer, one head: keys[0] and values[0] are [capacity, d], the first `cached` rows filled.
    const cache: KvCache = {
      nHead: 1,
      headDim: dim,
      capacity,
      keys: [new Float32Array(capacity * dim)],
      values: [new Float32Array(capacity * dim)],
      length: cached,
    };
    cache.keys[0].set(kCache.data);
    cache.values[0].set(vCache.data);
    const token = (a: NDArray) => tensor(a.data, [1, 1, 1, dim]);
    const out = cachedAttention(token(q), token(k), token(v), cache, 0); // appends k, v at position `cached`
    return [nd([dim], out.data), nd([capacity, dim], cache.keys[0]), nd([capacity, dim], cache.values[0])];
  },
  bugs: {
    // Attends over the old cache only, then appends: the new token misses itself.
    "attend-before-append": (c): Value | undefined => {
      const [kCache, vCache, q, k, v] = args(c);
      if (kCache.shape[0] === 0) return undefined; // a softmax over nothing: an error, not an output
      return [firstRow(attention64(asRow(q), kCache, vCache, { visible: () => true })), append(kCache, k), append(vCache, v)];
    },
    // softmax(q·K) without 1/√d.
    "no-scale": (c) => {
      const [kCache, vCache, q, k, v] = args(c);
      const keys = append(kCache, k);
      const values = append(vCache, v);
      return [firstRow(attention64(asRow(q), keys, values, { scale: 1, visible: () => true })), keys, values];
    },
  },
};

/** cache [t, d] with row [d] appended: [t + 1, d]. */
const append = (cache: NDArray, row: NDArray): NDArray => nd([cache.shape[0] + 1, row.shape[0]], [...cache.data, ...row.data]);

export default generator;
