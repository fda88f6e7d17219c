// Shared helpers for the optim tests: parameters from plain arrays and seeded random grads.
import type { Parameter } from "../src/optim/parameter.js";
import { createRng, type Rng } from "../src/stats/prng.js";

/** A parameter with the given values (grad zeroed). */
export function param(name: string, shape: number[], values?: ArrayLike<number>): Parameter {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  if (values !== undefined) data.set(Array.from(values));
  return { name, shape, data, grad: new Float32Array(size) };
}

/** Deep copy of parameters (fresh buffers), so two runs start from the same values. */
export function cloneParams(params: readonly Parameter[]): Parameter[] {
  return params.map((p) => ({ name: p.name, shape: [...p.shape], data: p.data.slice(), grad: p.grad.slice() }));
}

/** Standard normal draw (Box-Muller) from a seeded generator. */
export function normal(rng: Rng): number {
  const u = 1 - rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

/** Fills every grad with scale·N(0, 1) draws. */
export function randomGrads(params: readonly Parameter[], rng: Rng, scale = 1): void {
  for (const p of params) for (let j = 0; j < p.grad.length; j++) p.grad[j] = scale * normal(rng);
}

/** A small GPT-like parameter list: weights (2-D), biases and gains (1-D), with random values. */
export function gptLikeParams(seed: number): Parameter[] {
  const rng = createRng(seed);
  const params = [
    param("transformer.wte.weight", [7, 4]),
    param("transformer.h.0.ln_1.weight", [4]),
    param("transformer.h.0.ln_1.bias", [4]),
    param("transformer.h.0.attn.c_attn.weight", [12, 4]),
    param("transformer.h.0.attn.c_attn.bias", [12]),
    param("transformer.ln_f.weight", [4]),
  ];
  for (const p of params) for (let j = 0; j < p.data.length; j++) p.data[j] = 0.02 * normal(rng);
  return params;
}
