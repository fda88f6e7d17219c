/**
 * transformer_block(x, params, n_head): one pre-LN GPT-2 block as nanoGPT's Block, on x [T, C]
 * with weights stored [in, out] (x @ W + b). Expected values from the engine's ops composed as
 * src/nn/gpt.ts composes them (layerNorm, causalAttention, exact gelu, add, matmul).
 */
import { createRng, type Rng } from "../../stats/prng.js";
import { gelu } from "../../tensor/activation.js";
import { causalAttention } from "../../tensor/attention.js";
import { add, scale } from "../../tensor/elementwise.js";
import { matmul } from "../../tensor/matmul.js";
import { layerNorm } from "../../tensor/norm.js";
import { reshape, split, transpose } from "../../tensor/shape.js";
import { softmax } from "../../tensor/softmax.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { integer, normal, pick } from "./draw.js";
import { forwardOnly, toTensor } from "./tensor-values.js";

/** The weights' names (nanoGPT's, inside one block) and shapes, for width C. */
const paramShapes = (C: number): Record<string, number[]> => ({
  "ln_1.weight": [C],
  "ln_1.bias": [C],
  "attn.c_attn.weight": [C, 3 * C],
  "attn.c_attn.bias": [3 * C],
  "attn.c_proj.weight": [C, C],
  "attn.c_proj.bias": [C],
  "ln_2.weight": [C],
  "ln_2.bias": [C],
  "mlp.c_fc.weight": [C, 4 * C],
  "mlp.c_fc.bias": [4 * C],
  "mlp.c_proj.weight": [4 * C, C],
  "mlp.c_proj.bias": [C],
});

/** Whether a weight is a LayerNorm gain (the only 1-D weights). */
const isGain = (name: string, shape: number[]) => shape.length === 1 && name.endsWith(".weight");

/** Random weights: matrices N(0, (gain/√fan_in)²), biases N(0, 0.1²), LayerNorm gains around 1. */
function drawParams(rng: Rng, C: number, gain: number): Record<string, NDArray> {
  return Object.fromEntries(
    Object.entries(paramShapes(C)).map(([name, shape]) => {
      if (shape.length === 2) return [name, normal(rng, shape, gain / Math.sqrt(shape[0]))];
      const values = normal(rng, shape, 0.1);
      return [name, isGain(name, shape) ? nd(shape, values.data.map((v) => Math.fround(1 + v))) : values];
    }),
  );
}

const call = (x: NDArray, params: Record<string, NDArray>, nHead: number, name?: string): KataCase => ({ fn: "transformer_block", args: [x, params, nHead], ...(name ? { name } : {}) });

/** The right block and the known mistakes, as variants of one composition. */
type Variant = "pre-ln" | "post-ln" | "no-mlp-residual" | "no-causal-mask";

/** Attention without the causal mask: softmax(q kᵀ/√D) v over all T positions. q, k, v: [1, H, T, D]. */
function fullAttention(q: Tensor, k: Tensor, v: Tensor): Tensor {
  const [, H, T, D] = q.shape;
  const [q3, k3, v3] = [q, k, v].map((t) => reshape(t, [H, T, D]));
  const weights = softmax(scale(matmul(q3, transpose(k3, 1, 2)), 1 / Math.sqrt(D))); // [H, T, T]
  return reshape(matmul(weights, v3), [1, H, T, D]);
}

function block({ args: [xArg, paramsArg, nHead] }: KataCase, variant: Variant): NDArray {
  const p = Object.fromEntries(Object.entries(paramsArg as Record<string, NDArray>).map(([name, a]) => [name, toTensor(a)]));
  const x = toTensor(xArg);
  const [T, C] = x.shape;
  const H = nHead as number;
  const D = C / H;
  const norm = (name: string, t: Tensor) => layerNorm(t, p[`${name}.weight`], p[`${name}.bias`]); // eps 1e-5
  const dense = (name: string, t: Tensor) => add(matmul(t, p[`${name}.weight`]), p[`${name}.bias`]); // [T, in]·[in, out] + [out]
  const attention = (t: Tensor) => {
    // [T, 3C] → [1, 3H, T, D] (one transpose for q, k and v), then q, k, v: [1, H, T, D] each.
    const [q, k, v] = split(transpose(reshape(dense("attn.c_attn", t), [1, T, 3 * H, D]), 1, 2), [H, H, H], 1);
    const y = variant === "no-causal-mask" ? fullAttention(q, k, v) : causalAttention(q, k, v);
    return dense("attn.c_proj", reshape(transpose(y, 1, 2), [T, C])); // heads side by side again
  };
  const mlp = (t: Tensor) => dense("mlp.c_proj", gelu(dense("mlp.c_fc", t)));
  return forwardOnly(() => {
    if (variant === "post-ln") {
      const h = norm("ln_1", add(x, attention(x)));
      return norm("ln_2", add(h, mlp(h)));
    }
    const h = add(x, attention(norm("ln_1", x)));
    return variant === "no-mlp-residual" ? mlp(norm("ln_2", h)) : add(h, mlp(norm("ln_2", h)));
  });
}

/** An edge case drawn from its own fixed seed: T positions, H heads of size D. */
function fixedCase(name: string, seed: number, T: number, H: number, D: number): KataCase {
  const rng = createRng(seed);
  return call(normal(rng, [T, H * D]), drawParams(rng, H * D, 1), H, name);
}

/** Every matrix and bias zero, LayerNorm gains 1: attention and MLP add nothing, so the block returns x. */
function zeroProjections(): KataCase {
  const C = 4;
  const params = Object.fromEntries(Object.entries(paramShapes(C)).map(([name, shape]) => [name, nd(shape, new Array(shape.reduce((a, b) => a * b, 1)).fill(isGain(name, shape) ? 1 : 0))]));
  return call(normal(createRng(4), [3, C]), params, 2, "zero projections (output = input)");
}

const generator: CaseGenerator = {
  random(rng) {
    const [T, H] = [integer(rng, 1, 8), pick(rng, [1, 2, 4])];
    // C >= 4: LayerNorm of two or three features is ill-conditioned when they are close, and float32 shows.
    const D = integer(rng, Math.ceil(4 / H), 4);
    return call(normal(rng, [T, H * D]), drawParams(rng, H * D, pick(rng, [0.5, 1])), H);
  },
  edges: () => [fixedCase("T = 1", 1, 1, 2, 2), fixedCase("one head", 2, 4, 1, 4), fixedCase("head size 1 (D = 1)", 3, 3, 4, 1), zeroProjections()],
  expected: (c) => block(c, "pre-ln"),
  bugs: {
    "post-ln": (c) => block(c, "post-ln"),
    "no-mlp-residual": (c) => block(c, "no-mlp-residual"),
    "no-causal-mask": (c) => block(c, "no-causal-mask"),
  },
};

export default generator;
