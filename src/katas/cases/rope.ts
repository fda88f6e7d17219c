/**
 * rope(x, offset): rotary position embeddings on x [T, d] at positions offset .. offset + T − 1,
 * in the GPT-NeoX / Llama layout (pairs (i, i + d/2)), θ_i = 10000^(−2i/d). Expected values
 * from rotary (src/nn/rope.ts), which GPT runs on q and k with rotary positions.
 */
import { ROPE_BASE, rotary } from "../../nn/rope.js";
import { tensor } from "../../tensor/tensor.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { integer, normal, pick } from "./draw.js";

const args = (c: KataCase) => c.args as [NDArray, number];

/** A fixed x [T, d] with values spread over [−2, 2], so that the edge cases are the same at every check. */
const fixedX = (steps: number, dim: number): NDArray => nd([steps, dim], Array.from({ length: steps * dim }, (_, i) => Math.fround(2 * Math.sin(1 + 1.3 * i))));

interface RopeVariant {
  /** Which coordinates form pair i: (i, i + d/2) (right) or (2i, 2i + 1). */
  pairing: "halves" | "interleaved";
  /** θ_i = base^(−exponent·i/d): 2 is right. */
  exponent: number;
  /** +1 rotates by +θ (right), −1 by −θ. */
  sign: number;
}

/** RoPE in float64 with the choices a mistake changes. */
function rope64([x, offset]: [NDArray, number], { pairing, exponent, sign }: RopeVariant): NDArray {
  const [steps, dim] = x.shape;
  const half = dim / 2;
  const out = new Float64Array(x.data.length);
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < half; i++) {
      const angle = sign * (offset + t) * Math.pow(ROPE_BASE, (-exponent * i) / dim);
      const [a, b] = pairing === "halves" ? [t * dim + i, t * dim + i + half] : [t * dim + 2 * i, t * dim + 2 * i + 1];
      out[a] = x.data[a] * Math.cos(angle) - x.data[b] * Math.sin(angle);
      out[b] = x.data[b] * Math.cos(angle) + x.data[a] * Math.sin(angle);
    }
  }
  return nd(x.shape, out);
}

const RIGHT: RopeVariant = { pairing: "halves", exponent: 2, sign: 1 };

const generator: CaseGenerator = {
  random(rng) {
    const dim = 2 * pick(rng, [1, integer(rng, 2, 4), integer(rng, 4, 16)]);
    const offset = pick(rng, [0, integer(rng, 1, 20), integer(rng, 100, 4000)]);
    return { fn: "rope", args: [normal(rng, [integer(rng, 1, 8), dim]), offset] };
  },
  edges: () => [
    { name: "d = 2", fn: "rope", args: [fixedX(3, 2), 0] },
    { name: "T = 1 at position 7", fn: "rope", args: [fixedX(1, 8), 7] },
    { name: "offset 1000, d = 16", fn: "rope", args: [fixedX(3, 16), 1000] },
  ],
  expected(c) {
    const [x, offset] = args(c);
    return nd(x.shape, rotary(tensor(x.data, [1, 1, ...x.shape]), offset).data);
  },
  bugs: {
    "interleaved-pairs": (c) => rope64(args(c), { ...RIGHT, pairing: "interleaved" }),
    "exponent-i-over-d": (c) => rope64(args(c), { ...RIGHT, exponent: 1 }),
    "negative-angle": (c) => rope64(args(c), { ...RIGHT, sign: -1 }),
  },
};

export default generator;
