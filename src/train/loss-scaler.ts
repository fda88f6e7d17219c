/**
 * Dynamic loss scaling for fp16 training, as PyTorch's GradScaler does it (torch.cuda.amp,
 * `_amp_update_scale_`): the loss is multiplied by `scale` before backward so that small
 * gradients do not underflow fp16; the gradients are divided by it before the step. A step
 * whose gradients hold inf or NaN is skipped and the scale halved; after `growthInterval`
 * clean steps in a row the scale doubles (unless that would overflow).
 */

export interface LossScalerOptions {
  /** Torch's defaults: 2^16, ×2, ×0.5, every 2000 clean steps. */
  initScale: number;
  growthFactor: number;
  backoffFactor: number;
  growthInterval: number;
}

export const GRAD_SCALER_DEFAULTS: Readonly<LossScalerOptions> = { initScale: 2 ** 16, growthFactor: 2, backoffFactor: 0.5, growthInterval: 2000 };

/** The scaler's state, plain data (it goes into checkpoints). */
export interface LossScale {
  scale: number;
  /** Clean steps since the scale last changed. */
  growthTracker: number;
}

export function initialLossScale(options: LossScalerOptions = GRAD_SCALER_DEFAULTS): LossScale {
  return { scale: options.initScale, growthTracker: 0 };
}

/**
 * The scale after a step whose (unscaled) gradients did or did not hold a non-finite value;
 * `skipStep` says whether the optimizer step must be skipped.
 *
 * @example nextLossScale({ scale: 65536, growthTracker: 5 }, true) // { scale: 32768, growthTracker: 0, skipStep: true }
 */
export function nextLossScale(current: LossScale, foundInf: boolean, options: LossScalerOptions = GRAD_SCALER_DEFAULTS): LossScale & { skipStep: boolean } {
  if (foundInf) return { scale: current.scale * options.backoffFactor, growthTracker: 0, skipStep: true };
  const successful = current.growthTracker + 1;
  if (successful < options.growthInterval) return { scale: current.scale, growthTracker: successful, skipStep: false };
  const grown = current.scale * options.growthFactor;
  return { scale: Number.isFinite(grown) ? grown : current.scale, growthTracker: 0, skipStep: false };
}

/** Whether any gradient value is inf or NaN. */
export function hasNonFinite(grads: Iterable<Float32Array>): boolean {
  for (const g of grads) for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i])) return true;
  return false;
}
