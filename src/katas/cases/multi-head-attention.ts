/**
 * multi_head_attention(x, w_q, w_k, w_v, w_o, n_head): causal multi-head self-attention of
 * one sequence x [T, C] with bias-free projections applied as x @ W. Expected values from
 * the engine's ops in the order nanoGPT's CausalSelfAttention (src/nn/gpt.ts) runs them:
 * matmul, reshape [T, H, D] and transpose to [H, T, D], causalAttention, transpose back,
 * reshape [T, C], matmul.
 */
import { createRng, type Rng } from "../../stats/prng.js";
import { causalAttention } from "../../tensor/attention.js";
import { scale } from "../../tensor/elementwise.js";
import { matmul } from "../../tensor/matmul.js";
import { reshape, transpose } from "../../tensor/shape.js";
import { tensor, type Tensor } from "../../tensor/tensor.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { integer, normal, pick } from "./draw.js";

type Args = [NDArray, NDArray, NDArray, NDArray, NDArray, number];
const args = (c: KataCase) => c.args as Args;

/** Random x [T, C] and weights [C, C] (std 1/√C, so projections stay of order 1). */
function draw(rng: Rng, steps: number, width: number, heads: number, name?: string): KataCase {
  const weight = () => normal(rng, [width, width], 1 / Math.sqrt(width));
  return { fn: "multi_head_attention", args: [normal(rng, [steps, width]), weight(), weight(), weight(), weight(), heads], ...(name ? { name } : {}) };
}

/** Splits [T, C] into heads [1, H, T, D], right (transpose) or by a bare reshape [H, T, D]. */
const splitHeads = (t: Tensor, steps: number, heads: number, dim: number, bareReshape: boolean): Tensor =>
  bareReshape ? reshape(t, [1, heads, steps, dim]) : transpose(reshape(t, [1, steps, heads, dim]), 1, 2);

/** The attention block, or one of its mistakes: a bare reshape both ways, or scores scaled by 1/√C. */
function multiHeadAttention(c: KataCase, mistake: "none" | "bare-reshape" | "scale-by-width" = "none"): NDArray {
  const [x, wq, wk, wv, wo, heads] = args(c);
  const [steps, width] = x.shape;
  const dim = width / heads;
  const input = tensor(x.data, [steps, width]);
  const project = (w: NDArray) => matmul(input, tensor(w.data, [width, width])); // [T, C]
  const bare = mistake === "bare-reshape";
  // Scaling q by √D/√C turns causalAttention's 1/√D into 1/√C.
  const q = splitHeads(mistake === "scale-by-width" ? scale(project(wq), Math.sqrt(dim / width)) : project(wq), steps, heads, dim, bare);
  const y = causalAttention(q, splitHeads(project(wk), steps, heads, dim, bare), splitHeads(project(wv), steps, heads, dim, bare)); // [1, H, T, D]
  const merged = bare ? reshape(y, [steps, width]) : reshape(transpose(y, 1, 2), [steps, width]);
  return nd([steps, width], matmul(merged, tensor(wo.data, [width, width])).data);
}

const generator: CaseGenerator = {
  random(rng) {
    const heads = pick(rng, [1, 2, 3, 4]);
    const dim = pick(rng, [1, 2, integer(rng, 2, 8)]);
    return draw(rng, integer(rng, 1, 10), heads * dim, heads);
  },
  edges() {
    // Fixed seeds, so that the edge cases are the same at every check.
    const fixed = (seed: number, steps: number, width: number, heads: number, name: string) => draw(createRng(seed), steps, width, heads, name);
    return [fixed(1, 4, 6, 1, "one head"), fixed(2, 1, 8, 2, "T = 1"), fixed(3, 5, 4, 4, "head_dim = 1"), fixed(4, 4, 8, 2, "4 tokens, 2 heads")];
  },
  expected: (c) => multiHeadAttention(c),
  bugs: {
    "reshape-without-transpose": (c) => multiHeadAttention(c, "bare-reshape"),
    "scale-by-width": (c) => multiHeadAttention(c, "scale-by-width"),
  },
};

export default generator;
