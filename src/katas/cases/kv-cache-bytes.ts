/**
 * kv_cache_bytes(layers, heads, kv_heads, head_dim, seq_len, batch, bytes_per_element):
 * 2 (K and V) · layers · kv_heads · head_dim · seq_len · batch · bytes per element. Expected
 * values from kvCacheBytes (src/systems/inference.ts).
 */
import { kvCacheBytes } from "../../systems/inference.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { integer, pick } from "./draw.js";

type Args = [layers: number, heads: number, kvHeads: number, headDim: number, seqLen: number, batch: number, bytesPerElement: number];

const call = (args: Args, name?: string): KataCase => ({ fn: "kv_cache_bytes", args, ...(name ? { name } : {}) });

/** The reference with `kvHeads` replaced, and its result times `factor`. */
function cacheBytes(c: KataCase, kvHeadsOf: (args: Args) => number = (a) => a[2], factor = 1): number {
  const a = c.args as Args;
  const [layers, , , headDim, seqLen, batch, bytesPerElement] = a;
  return factor * kvCacheBytes({ layers, kvHeads: kvHeadsOf(a), headDim, seqLen, batch, bytesPerElement }).bytes;
}

const generator: CaseGenerator = {
  random(rng) {
    const heads = pick(rng, [8, 12, 16, 32, 40, 64, 96, 128]);
    // kv_heads divides heads: multi-head, grouped-query or multi-query attention.
    const kvHeads = pick(rng, [heads, 16, 8, 4, 1].filter((k) => k <= heads && heads % k === 0));
    const seqLen = pick(rng, [integer(rng, 1, 2048), integer(rng, 1, 131_072)]);
    return call([integer(rng, 1, 96), heads, kvHeads, pick(rng, [64, 80, 96, 128, 256]), seqLen, integer(rng, 1, 64), pick(rng, [0.5, 1, 2, 2, 4])]);
  },
  edges: () => [
    call([32, 32, 32, 128, 4096, 1, 2], "MHA: Llama-2-7B at 4k"),
    call([80, 64, 8, 128, 4096, 1, 2], "GQA: Llama-2-70B at 4k"),
    call([32, 71, 1, 64, 2048, 8, 2], "MQA (1 kv head)"),
    call([32, 32, 8, 128, 8192, 16, 1], "fp8 (1 byte)"),
    call([80, 64, 8, 128, 0, 4, 2], "empty cache (seq_len = 0)"),
  ],
  expected: (c) => cacheBytes(c),
  bugs: {
    // K alone (or V alone): half the cache.
    "no-k-and-v": (c) => cacheBytes(c, undefined, 0.5),
    // One K and one V per query head, as if there were no grouping.
    "query-heads": (c) => cacheBytes(c, (a) => a[1]),
  },
};

export default generator;
