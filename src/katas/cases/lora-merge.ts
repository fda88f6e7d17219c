/**
 * lora_forward(x, W, A, B, alpha), merge(W, A, B, alpha), unmerge(W_merged, A, B, alpha):
 * LoRA with W [in, out], A [in, r], B [r, out] and scale α/r. Expected values from the
 * engine's loraForward, loraMerge and loraUnmerge (src/nn/lora.ts), in float32 on inputs
 * drawn in float32. Each known mistake is the reference with another scale in place of α/r.
 */
import { loraForward, loraMerge, loraUnmerge } from "../../nn/lora.js";
import { createRng, type Rng } from "../../stats/prng.js";
import { tensor } from "../../tensor/tensor.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, sizeOf, type NDArray } from "../values.js";
import { integer, normal, pick } from "./draw.js";

const FUNCTIONS = ["lora_forward", "merge", "unmerge"] as const;

const asTensor = (a: NDArray) => tensor(a.data, a.shape);

/** The reference output of case `c` with `alpha` as the LoRA α. */
function reference(c: KataCase, alpha: number): NDArray {
  const [first, second, down, up] = (c.args.slice(0, -1) as NDArray[]).map(asTensor);
  const out =
    c.fn === "lora_forward"
      ? loraForward(first, second, down, up, alpha)
      : c.fn === "merge"
        ? loraMerge(first, second, down, alpha)
        : loraUnmerge(first, second, down, alpha);
  return nd(out.shape, out.data);
}

/** The case's α and A's shape [in, r]. */
function adapterOf(c: KataCase): { alpha: number; inputs: number; r: number } {
  const a = c.args[c.args.length - 3] as NDArray;
  return { alpha: c.args[c.args.length - 1] as number, inputs: a.shape[0], r: a.shape[1] };
}

/** Values k/4 for integers k in [-8, 8]: exact in float32, short to print in a failure. */
function quarters(rng: Rng, shape: number[]): NDArray {
  return nd(shape, Array.from({ length: sizeOf(shape) }, () => integer(rng, -8, 8) / 4));
}

interface Sizes {
  /** Rows of x (forward only). */
  n?: number;
  inputs: number;
  out: number;
  r: number;
}

/** A case of `fn` with x [n, in] (forward only), W [in, out], A [in, r], B [r, out]. */
function draw(rng: Rng, fn: string, sizes: Sizes, alpha: number, values = quarters): KataCase {
  const { n = 1, inputs, out, r } = sizes;
  const weight = values(rng, [inputs, out]);
  const adapter = [values(rng, [inputs, r]), values(rng, [r, out])];
  const args = fn === "lora_forward" ? [values(rng, [n, inputs]), weight, ...adapter, alpha] : [weight, ...adapter, alpha];
  return { fn, args };
}

/** The edge cases, drawn in a fixed order from a fixed seed so that every check sees the same numbers. */
function edges(): KataCase[] {
  const rng = createRng(2021);
  const edge = (name: string, fn: string, sizes: Sizes, alpha: number): KataCase => ({ ...draw(rng, fn, sizes, alpha), name });
  const fresh = edge("fresh adapter (B = 0)", "lora_forward", { n: 2, inputs: 3, out: 2, r: 2 }, 16);
  fresh.args[3] = nd([2, 2], [0, 0, 0, 0]);
  return [
    fresh,
    edge("rank 1", "lora_forward", { n: 2, inputs: 4, out: 3, r: 1 }, 2),
    edge("α/r = 0.5", "lora_forward", { n: 3, inputs: 5, out: 2, r: 4 }, 2),
    edge("merge with α/r = 2", "merge", { inputs: 3, out: 4, r: 2 }, 4),
    edge("unmerge with α/r = 4", "unmerge", { inputs: 4, out: 3, r: 2 }, 8),
    edge("one row of x", "lora_forward", { n: 1, inputs: 6, out: 4, r: 3 }, 12),
  ];
}

const generator: CaseGenerator = {
  random(rng, i) {
    const inputs = integer(rng, 2, 8);
    const sizes = { n: integer(rng, 1, 6), inputs, out: integer(rng, 1, 8), r: integer(rng, 1, Math.min(4, inputs - 1)) };
    return draw(rng, FUNCTIONS[i % 3], sizes, pick(rng, [1, 2, 4, 8, 16]), (g, shape) => normal(g, shape));
  },
  edges,
  expected: (c) => reference(c, adapterOf(c).alpha),
  // Each mistake is the reference with another scale s in place of α/r, i.e. with α' = s·r.
  bugs: {
    // Scaled by α: r times too large.
    "alpha-not-over-r": (c) => {
      const { alpha, r } = adapterOf(c);
      return reference(c, alpha * r);
    },
    // merge folds in A·B unscaled (s = 1) while forward scales it.
    "merge-without-scale": (c) => (c.fn === "merge" ? reference(c, adapterOf(c).r) : undefined),
    // r read as A.shape[0], the input width: s = α/in.
    "rank-from-wrong-axis": (c) => {
      const { alpha, inputs, r } = adapterOf(c);
      return reference(c, (alpha / inputs) * r);
    },
  },
};

export default generator;
