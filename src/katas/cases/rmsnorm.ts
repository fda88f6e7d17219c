/**
 * rms_norm(x, weight, eps) over the last axis of x [..., C]. Expected values from the
 * engine's rmsNorm (src/tensor/norm.ts): x / sqrt(mean(x²) + eps) · weight, as torch.nn.RMSNorm.
 */
import { rmsNorm } from "../../tensor/norm.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { integer, normal, pick } from "./draw.js";
import { mean, rowwise } from "./rows.js";
import { forwardOnly, toTensor } from "./tensor-values.js";

const f32 = (shape: number[], data: number[]) => nd(shape, data.map(Math.fround));
const call = (x: NDArray, weight: NDArray, eps: number, name?: string): KataCase => ({ fn: "rms_norm", args: [x, weight, eps], ...(name ? { name } : {}) });

/** x·weight / scale(row) in float64, for a mistaken per-row scale. */
function scaledRows({ args: [x, weight] }: KataCase, scale: (row: number[]) => number): NDArray {
  const w = (weight as NDArray).data;
  return rowwise(x as NDArray, (row) => {
    const s = scale(row);
    return row.map((v, j) => (v / s) * w[j]);
  });
}

const generator: CaseGenerator = {
  random(rng) {
    const C = pick(rng, [2, integer(rng, 3, 8), integer(rng, 8, 32)]);
    const shape = pick(rng, [[integer(rng, 1, 6), C], [2, integer(rng, 1, 4), C]]);
    return call(normal(rng, shape, pick(rng, [1, 5])), normal(rng, [C]), pick(rng, [1e-5, 1e-6, 1e-2]));
  },
  edges: () => [
    call(f32([2, 4], [1, -2, 0.5, 3, 2, 2, 2, 2]), f32([4], [1, 0.5, -1, 2]), 1, "eps = 1"),
    call(f32([2, 3], [0, 0, 0, 1, 2, -3]), f32([3], [1, 1, 1]), 1e-5, "zero row"),
    call(f32([3, 1], [2, -0.5, 0]), f32([1], [1.5]), 1e-5, "one feature (C = 1)"),
    call(f32([2, 2, 3], [1, 2, 3, -1, 0, 1, 0.5, 0.5, 0.5, 4, -4, 0.25]), f32([3], [0.5, 1, 2]), 1e-6, "3-D input [B, T, C]"),
  ],
  expected: ({ args: [x, weight, eps] }) => forwardOnly(() => rmsNorm(toTensor(x), toTensor(weight), eps as number)),
  bugs: {
    // LayerNorm without beta: (x − mean) / sqrt(var + eps).
    "subtracts-mean": (c) => {
      const w = (c.args[1] as NDArray).data;
      return rowwise(c.args[0] as NDArray, (row) => {
        const mu = mean(row);
        const rstd = 1 / Math.sqrt(mean(row.map((v) => (v - mu) ** 2)) + (c.args[2] as number));
        return row.map((v, j) => (v - mu) * rstd * w[j]);
      });
    },
    "sum-not-mean": (c) => scaledRows(c, (row) => Math.sqrt(row.reduce((s, v) => s + v * v, 0) + (c.args[2] as number))),
  },
};

export default generator;
