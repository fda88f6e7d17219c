/**
 * grouped_query_attention(q, k, v): causal attention of H query heads over H_kv shared
 * key/value heads, query head h reading kv head h // (H / H_kv). Expected values from
 * src/nn/grouped-query-attention.ts (repeat each kv head, then the engine's causalAttention).
 */
import { groupedQueryAttention } from "../../nn/grouped-query-attention.js";
import { createRng, type Rng } from "../../stats/prng.js";
import { tensor } from "../../tensor/tensor.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { attention64, engineCausalAttention } from "./attention-shared.js";
import { integer, normal, pick } from "./draw.js";

const args = (c: KataCase) => c.args as [NDArray, NDArray, NDArray];

/** q [H, T, d], k and v [H_kv, T, d], normal. */
function draw(rng: Rng, heads: number, kvHeads: number, steps: number, dim: number, name?: string): KataCase {
  const kv = () => normal(rng, [kvHeads, steps, dim]);
  return { fn: "grouped_query_attention", args: [normal(rng, [heads, steps, dim]), kv(), kv()], ...(name ? { name } : {}) };
}

/** The kv heads [H_kv, T, d] laid out for the H query heads [H, T, d], query head h reading kv head kvHead(h). */
function repeatHeads(x: NDArray, heads: number, kvHead: (h: number) => number): NDArray {
  const [, steps, dim] = x.shape;
  const slice = steps * dim;
  const out = new Float64Array(heads * slice);
  for (let h = 0; h < heads; h++) out.set(x.data.subarray(kvHead(h) * slice, (kvHead(h) + 1) * slice), h * slice);
  return nd([heads, steps, dim], out);
}

const generator: CaseGenerator = {
  random(rng) {
    const kvHeads = pick(rng, [1, 2, 3]);
    const heads = kvHeads * pick(rng, [1, 2, 4]);
    return draw(rng, heads, kvHeads, integer(rng, 1, 8), pick(rng, [1, integer(rng, 2, 8)]));
  },
  edges() {
    // Fixed seeds, so that the edge cases are the same at every check.
    const fixed = (seed: number, heads: number, kvHeads: number, steps: number, dim: number, name: string) => draw(createRng(seed), heads, kvHeads, steps, dim, name);
    return [
      fixed(1, 3, 3, 4, 4, "H_kv = H (multi-head)"),
      fixed(2, 4, 1, 4, 4, "H_kv = 1 (multi-query)"),
      fixed(3, 4, 2, 1, 4, "T = 1, 4 query heads over 2 kv heads"),
      fixed(4, 6, 2, 5, 3, "6 query heads over 2 kv heads"),
    ];
  },
  expected(c) {
    const [q, k, v] = args(c);
    const [heads, steps, dim] = q.shape;
    const asBatch = (a: NDArray) => tensor(a.data, [1, ...a.shape]);
    return nd([heads, steps, dim], groupedQueryAttention(asBatch(q), asBatch(k), asBatch(v)).data);
  },
  bugs: {
    // Query head h reads kv head h % H_kv (np.tile instead of np.repeat).
    interleaved: (c) => {
      const [q, k, v] = args(c);
      const [heads] = q.shape;
      const kvHeads = k.shape[0];
      return engineCausalAttention(q, repeatHeads(k, heads, (h) => h % kvHeads), repeatHeads(v, heads, (h) => h % kvHeads));
    },
    // Every query sees every key, future ones included.
    "no-causal-mask": (c) => {
      const [q, k, v] = args(c);
      const [heads] = q.shape;
      const group = heads / k.shape[0];
      const grouped = (h: number) => Math.floor(h / group);
      return attention64(q, repeatHeads(k, heads, grouped), repeatHeads(v, heads, grouped), { visible: () => true });
    },
  },
};

export default generator;
