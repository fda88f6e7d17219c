/**
 * Per-layer training health, as in Karpathy's "Building makemore" diagnostics: the
 * gradient norm of each layer and the size of its update relative to its weights,
 * ‖Δθ‖ / ‖θ‖, over all parameters of the layer. Ratios far above 1e-3 mean the layer is
 * being rewritten each step (lr too high for it); far below, it is barely learning.
 *
 * Layers group nanoGPT's parameter names: "wte", "wpe", "h.0" … "h.<L−1>", "ln_f", "lm_head".
 */
import type { Parameter } from "../optim/parameter.js";
import type { LayerStat } from "./events.js";

/** The layer a parameter belongs to: "transformer.h.2.attn.c_attn.weight" → "h.2". */
export function layerOf(name: string): string {
  const block = /^transformer\.h\.(\d+)\./.exec(name);
  if (block) return `h.${block[1]}`;
  const top = /^(?:transformer\.)?([a-z_]+)\./.exec(name);
  return top ? top[1] : name;
}

/**
 * Gradient norm and update ratio per layer, in order of first appearance. `gradNorms`
 * gives each parameter's gradient norm measured before clipping; `before` the values
 * before the optimizer step (the params now hold the values after it).
 */
export function layerStats(params: readonly Parameter[], gradNorms: readonly number[], before: readonly Float32Array[]): LayerStat[] {
  const sums = new Map<string, { grad2: number; update2: number; weight2: number }>();
  params.forEach((param, i) => {
    const layer = layerOf(param.name);
    const sum = sums.get(layer) ?? { grad2: 0, update2: 0, weight2: 0 };
    sum.grad2 += gradNorms[i] ** 2;
    const old = before[i];
    for (let j = 0; j < old.length; j++) {
      const delta = param.data[j] - old[j];
      sum.update2 += delta * delta;
      sum.weight2 += old[j] * old[j];
    }
    sums.set(layer, sum);
  });
  return [...sums].map(([layer, s]) => ({
    layer,
    gradNorm: Math.sqrt(s.grad2),
    updateRatio: s.weight2 > 0 ? Math.sqrt(s.update2 / s.weight2) : 0,
  }));
}

/** L2 norm of each parameter's gradient, in float64. */
export function parameterGradNorms(params: readonly Parameter[]): number[] {
  return params.map(({ grad }) => {
    let sum = 0;
    for (let j = 0; j < grad.length; j++) sum += grad[j] * grad[j];
    return Math.sqrt(sum);
  });
}
