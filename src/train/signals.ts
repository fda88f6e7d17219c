/**
 * The instability signals of a training step, measured outside the autograd graph:
 *
 *   max attention logit   max over b, h and t ≥ s of q_t·k_s / √D, per layer. Its growth
 *                         precedes attention-entropy collapse (Dehghani et al. 2023; Wortsman
 *                         et al. 2023 §3.1), which qk-layernorm prevents.
 *   output logits         mean and max of the logits z and the mean log Z = log Σ_v exp z_v
 *                         over positions. Their drift far from 0 is the output-logit divergence
 *                         that z-loss prevents (Wortsman et al. 2023 §3.2; PaLM's z-loss).
 *   Adam second moment    √(mean v) per layer: the denominator's scale; a v that lags a sudden
 *                         gradient growth (β2 near 1) lets rare updates be far too large.
 */
import type { Tensor } from "../tensor/tensor.js";
import type { AdamW } from "../optim/adamw.js";
import { layerOf } from "./layer-stats.js";

/**
 * Max pre-softmax attention logit over the causal positions of q, k: [B, H, T, D].
 *
 * @example maxAttentionLogit(q, k) // 2 for q = k = [[[[√2, 0, 0, √2]]]]·… with D = 4 (q·k / √D)
 */
export function maxAttentionLogit(q: Tensor, k: Tensor): number {
  const [B, H, T, D] = q.shape;
  const scale = 1 / Math.sqrt(D);
  let max = -Infinity;
  for (let bh = 0; bh < B * H; bh++) {
    const base = bh * T * D;
    for (let t = 0; t < T; t++) {
      const qt = base + t * D;
      for (let s = 0; s <= t; s++) {
        const ks = base + s * D;
        let dot = 0;
        for (let d = 0; d < D; d++) dot += q.data[qt + d] * k.data[ks + d];
        if (dot * scale > max) max = dot * scale;
      }
    }
  }
  return max;
}

export interface LogitStats {
  /** Mean of all logits. */
  mean: number;
  /** Largest logit. */
  max: number;
  /** Mean over positions of log Z = log Σ_v exp(z_v), computed stably as m + log Σ exp(z_v − m). */
  logZ: number;
}

/**
 * Mean, max and mean log-partition of logits [rows, V] (row-major).
 *
 * @example logitStats(new Float32Array([0, 0, Math.log(2), 0]), 2) // { mean: ln2/4, max: ln2, logZ: (ln2 + ln3)/2 }
 */
export function logitStats(logits: Float32Array, V: number): LogitStats {
  const rows = logits.length / V;
  let sum = 0;
  let max = -Infinity;
  let logZSum = 0;
  for (let r = 0; r < rows; r++) {
    let rowMax = -Infinity;
    for (let v = 0; v < V; v++) {
      const z = logits[r * V + v];
      sum += z;
      if (z > rowMax) rowMax = z;
    }
    let expSum = 0;
    for (let v = 0; v < V; v++) expSum += Math.exp(logits[r * V + v] - rowMax);
    logZSum += rowMax + Math.log(expSum);
    if (rowMax > max) max = rowMax;
  }
  return { mean: sum / logits.length, max, logZ: logZSum / rows };
}

/**
 * √(mean v) of Adam's second moment per layer group (layerOf), in order of first appearance.
 *
 * @example adamSecondMomentRms(optimizer).get("h.0") // ≈ 1e-3 when that layer's gradients are ≈ 1e-3
 */
export function adamSecondMomentRms(optimizer: AdamW): Map<string, number> {
  const sums = new Map<string, { sum: number; count: number }>();
  optimizer.params.forEach((param, i) => {
    const layer = layerOf(param.name);
    const entry = sums.get(layer) ?? { sum: 0, count: 0 };
    const v = optimizer.v[i];
    for (let j = 0; j < v.length; j++) entry.sum += v[j];
    entry.count += v.length;
    sums.set(layer, entry);
  });
  return new Map([...sums].map(([layer, { sum, count }]) => [layer, Math.sqrt(sum / count)]));
}
