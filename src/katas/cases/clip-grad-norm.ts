/**
 * clip_grad_norm(grads, max_norm) -> [clipped grads, total norm]: global-norm clipping as
 * torch.nn.utils.clip_grad_norm_ does it. Expected values from src/optim/clip.ts
 * clipGradNorm, on float32 gradients (as the engine holds them).
 */
import { clipGradNorm } from "../../optim/clip.js";
import type { Parameter } from "../../optim/parameter.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray, type Value } from "../values.js";
import { integer, normal, pick } from "./draw.js";

const call = (grads: NDArray[], maxNorm: number, name?: string): KataCase => ({ fn: "clip_grad_norm", args: [grads, maxNorm], ...(name ? { name } : {}) });
const unpack = (c: KataCase) => ({ grads: c.args[0] as NDArray[], maxNorm: c.args[1] as number });

const f32 = (shape: number[], values: number[]) => nd(shape, Float32Array.from(values));
const l2 = (values: ArrayLike<number>) => Math.sqrt(Array.from(values).reduce((sum, g) => sum + g * g, 0));
const scaled = (g: NDArray, coef: number) => nd(g.shape, coef < 1 ? g.data.map((x) => x * coef) : g.data);

/** The mistakes, as switches on one float64 transcription of clip_grad_norm_. */
function mistakenClip(c: KataCase, mistake: "per-tensor-norm" | "always-scale" | "missing-eps"): Value {
  const { grads, maxNorm } = unpack(c);
  const total = l2(grads.flatMap((g) => Array.from(g.data)));
  if (mistake === "per-tensor-norm") return [grads.map((g) => scaled(g, maxNorm / (l2(g.data) + 1e-6))), total];
  if (mistake === "always-scale") return [grads.map((g) => nd(g.shape, g.data.map((x) => (x * maxNorm) / (total + 1e-6)))), total];
  return [grads.map((g) => scaled(g, maxNorm / total)), total];
}

const generator: CaseGenerator = {
  random(rng) {
    const count = integer(rng, 1, 4);
    const std = pick(rng, [1e-3, 0.1, 1, 10]);
    const grads = Array.from({ length: count }, () => normal(rng, pick(rng, [[integer(rng, 1, 8)], [integer(rng, 1, 4), integer(rng, 1, 5)]]), std));
    return call(grads, pick(rng, [0.01, 0.5, 1, 5, 100]));
  },
  edges: () => [
    call([f32([2], [0.3, -0.4]), f32([2, 2], [0.1, 0.2, 0, -0.1])], 1, "already under the limit"),
    call([f32([3], [0, 0, 0]), f32([2, 2], [0, 0, 0, 0])], 1, "all zeros"),
    call([f32([2], [1e4, -2e4]), f32([3], [0.5, -0.25, 0.1]), f32([1, 2], [0.02, -0.3])], 1, "one huge gradient"),
    call([f32([2], [6e-6, 8e-6])], 5e-6, "norm of 1e-5"),
  ],
  expected(c) {
    const { grads, maxNorm } = unpack(c);
    const params: Parameter[] = grads.map((g, i) => ({ name: `g${i}`, shape: g.shape, data: new Float32Array(g.data.length), grad: Float32Array.from(g.data) }));
    const norm = clipGradNorm(params, maxNorm);
    return [params.map((p) => nd(p.shape, p.grad)), norm];
  },
  bugs: {
    "per-tensor-norm": (c) => mistakenClip(c, "per-tensor-norm"),
    "always-scale": (c) => mistakenClip(c, "always-scale"),
    "missing-eps": (c) => mistakenClip(c, "missing-eps"),
  },
};

export default generator;
