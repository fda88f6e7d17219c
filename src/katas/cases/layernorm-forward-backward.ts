/**
 * layer_norm_forward(x, gamma, beta, eps) and layer_norm_backward(dy, x, gamma, eps) over the
 * last axis of x [N, C]. Expected values from the engine's layerNorm (src/tensor/norm.ts) and
 * its autograd, which agree with torch.nn.LayerNorm (biased variance, eps inside the sqrt).
 */
import { layerNorm } from "../../tensor/norm.js";
import { backward, zeros } from "../../tensor/tensor.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { integer, normal, pick } from "./draw.js";
import { mean, rowwise } from "./rows.js";
import { forwardOnly, gradOfTensor, toTensor } from "./tensor-values.js";

const f32 = (shape: number[], data: number[]) => nd(shape, data.map(Math.fround));
const forwardCase = (x: NDArray, gamma: NDArray, beta: NDArray, eps: number, name?: string): KataCase => ({ fn: "layer_norm_forward", args: [x, gamma, beta, eps], ...(name ? { name } : {}) });
const backwardCase = (dy: NDArray, x: NDArray, gamma: NDArray, eps: number, name?: string): KataCase => ({ fn: "layer_norm_backward", args: [dy, x, gamma, eps], ...(name ? { name } : {}) });

/** LayerNorm forward in float64 with a mistake: variance divided by `divisor(C)`, eps inside or outside the sqrt. */
function mistakenForward({ args: [x, gamma, beta, eps] }: KataCase, divisor: (C: number) => number, epsOutside: boolean): NDArray {
  const [g, b, e] = [(gamma as NDArray).data, (beta as NDArray).data, eps as number];
  return rowwise(x as NDArray, (row) => {
    const mu = mean(row);
    const variance = row.reduce((s, v) => s + (v - mu) ** 2, 0) / divisor(row.length);
    const std = epsOutside ? Math.sqrt(variance) + e : Math.sqrt(variance + e);
    return row.map((v, j) => ((v - mu) / std) * g[j] + b[j]);
  });
}

/** LayerNorm backward in float64 with dx = rstd·(g − mean(g)): the term through the variance dropped. */
function backwardWithoutVarianceTerm({ args: [dy, x, gamma, eps] }: KataCase): NDArray[] {
  const [dyArray, xArray, g] = [dy as NDArray, x as NDArray, (gamma as NDArray).data];
  const C = g.length;
  const dgamma = new Float64Array(C);
  const dbeta = new Float64Array(C);
  const dx = rowwise(xArray, (row, r) => {
    const mu = mean(row);
    const rstd = 1 / Math.sqrt(mean(row.map((v) => (v - mu) ** 2)) + (eps as number));
    const d = Array.from(dyArray.data.subarray(r * C, (r + 1) * C));
    d.forEach((v, j) => {
      dgamma[j] += v * (row[j] - mu) * rstd;
      dbeta[j] += v;
    });
    const gxhat = d.map((v, j) => v * g[j]);
    const meanG = mean(gxhat);
    return gxhat.map((v) => rstd * (v - meanG));
  });
  return [dx, nd([C], dgamma), nd([C], dbeta)];
}

const generator: CaseGenerator = {
  random(rng, i) {
    const [N, C] = [integer(rng, 1, 6), pick(rng, [2, 3, integer(rng, 4, 16)])];
    const x = normal(rng, [N, C], pick(rng, [1, 3]));
    const gamma = normal(rng, [C]);
    const eps = pick(rng, [1e-5, 1e-3, 0.1]);
    return i % 2 === 0 ? forwardCase(x, gamma, normal(rng, [C]), eps) : backwardCase(normal(rng, [N, C]), x, gamma, eps);
  },
  edges: () => {
    const x = f32([2, 4], [1, -2, 0.5, 3, -1, 0, 2, -0.25]);
    const gamma = f32([4], [1.5, -0.5, 1, 2]);
    return [
      forwardCase(x, gamma, f32([4], [0.1, 0, -0.2, 0.3]), 1, "forward, eps = 1"),
      forwardCase(f32([2, 4], [0.001, -0.002, 0.0015, 0.0005, 0, 0.003, -0.001, 0.001]), gamma, f32([4], [0, 0, 0, 0]), 1e-5, "forward, nearly constant rows"),
      forwardCase(f32([3, 1], [2, -1, 0.5]), f32([1], [1.5]), f32([1], [0.25]), 1e-5, "forward, one feature (C = 1)"),
      backwardCase(f32([2, 4], [0.5, -1, 2, 0.25, 1, 1, -0.5, 0]), x, gamma, 1, "backward, eps = 1"),
      backwardCase(f32([1, 5], [1, -2, 0.5, 0, 3]), f32([1, 5], [0.3, 1.2, -0.7, 2, -1.5]), f32([5], [1, 0.5, -1, 2, 1]), 1e-5, "backward, one row"),
      backwardCase(f32([3, 1], [1, -2, 0.5]), f32([3, 1], [2, -1, 0.5]), f32([1], [1.5]), 1e-5, "backward, one feature (C = 1)"),
    ];
  },
  expected({ fn, args: [a, b, c, eps] }) {
    if (fn === "layer_norm_forward") return forwardOnly(() => layerNorm(toTensor(a), toTensor(b), toTensor(c), eps as number));
    // dy = a, x = b, gamma = c; beta is zero (the gradients do not depend on it).
    const [x, gamma, beta] = [toTensor(b, true), toTensor(c, true), zeros((c as NDArray).shape, { requiresGrad: true })];
    backward(layerNorm(x, gamma, beta, eps as number), (a as NDArray).data);
    return [gradOfTensor(x), gradOfTensor(gamma), gradOfTensor(beta)];
  },
  bugs: {
    "unbiased-variance": (c) => (c.fn === "layer_norm_forward" ? mistakenForward(c, (C) => C - 1, false) : undefined),
    "missing-variance-term": (c) => (c.fn === "layer_norm_backward" ? backwardWithoutVarianceTerm(c) : undefined),
    "eps-outside-sqrt": (c) => (c.fn === "layer_norm_forward" ? mistakenForward(c, (C) => C, true) : undefined),
  },
};

export default generator;
