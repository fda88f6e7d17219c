/**
 * The trainer's two alarms.
 *
 * Non-finite: a NaN or Inf in the weights, the loss or a gradient stops the run. The
 * alert names the first bad tensor in the order the step computed them: weights (used by
 * the forward pass), then the loss, then gradients from the last layer back to the
 * embeddings (the order backward produces them).
 *
 * Loss spike: a loss above mean + k·std of the previous `window` finite losses is
 * written down and training continues (Chowdhery et al. 2022, PaLM §5.1, describe such
 * spikes and restarting from before them).
 */
import type { Parameter } from "../optim/parameter.js";

function firstNonFinite(values: Float32Array): number {
  for (let j = 0; j < values.length; j++) if (!Number.isFinite(values[j])) return j;
  return -1;
}

/**
 * The first non-finite tensor of a step, or null if all are finite.
 *
 * @example findNonFinite(params, NaN) // { tensor: "loss", value: NaN } when the weights are finite
 */
export function findNonFinite(params: readonly Parameter[], loss: number): { tensor: string; value: number } | null {
  for (const p of params) {
    const j = firstNonFinite(p.data);
    if (j >= 0) return { tensor: p.name, value: p.data[j] };
  }
  if (!Number.isFinite(loss)) return { tensor: "loss", value: loss };
  for (let i = params.length - 1; i >= 0; i--) {
    const j = firstNonFinite(params[i].grad);
    if (j >= 0) return { tensor: `grad of ${params[i].name}`, value: params[i].grad[j] };
  }
  return null;
}

/**
 * How far `loss` sits above the recent window, in standard deviations, when that is more
 * than `sigma`; null otherwise (also while the window is not yet full or is constant).
 *
 * @example lossSpike([2, 2.1, 1.9, 2, 2.05], 3, 3) // ≈ 14 (a spike); lossSpike(sameWindow, 2.1, 3) // null
 */
export function lossSpike(recent: readonly number[], loss: number, sigma: number, window = recent.length): number | null {
  if (recent.length < window || recent.length < 2) return null;
  const mean = recent.reduce((s, x) => s + x, 0) / recent.length;
  const variance = recent.reduce((s, x) => s + (x - mean) ** 2, 0) / (recent.length - 1);
  const std = Math.sqrt(variance);
  if (std === 0) return null;
  const z = (loss - mean) / std;
  return z > sigma ? z : null;
}
