/**
 * The failure detectors: pure functions that look at a step's numbers beside a trailing
 * window of earlier ones and return an alert with its evidence, or null.
 *
 *   loss-spike               robust z = (loss − median) / (1.4826·MAD) over the window above
 *                            `spikeSigma`, and the loss above the median by `spikeMinRise` nats
 *                            (PaLM §5.1's spikes; MAD ignores the spike's own outliers)
 *   grad-norm-jump           median gradient norm of the last few steps above `gradJump` × the
 *                            median of the window before them (a lasting change, not one noisy step)
 *   non-finite               a NaN or Inf (alerts.ts finds the first tensor; the run stops)
 *   attention-logit-growth   a layer's max attention logit above `attentionLogitMax`
 *   output-logit-divergence  |mean log Z| of the output logits above `logZMax`
 *   loss-stuck               after warmup and a full window, the window's median loss within
 *                            `stuckMargin` nats of ln V: the model has learned nothing
 *   train-val-gap            validation loss above the window's median training loss by `gapNats`
 *   update-ratio             a layer's ‖Δθ‖/‖θ‖ outside [updateRatioMin, updateRatioMax] after warmup
 *
 * The trainer writes an alert when a detector's condition starts to hold, not at every step it
 * holds, so one incident is one alert.
 */
import type { LayerStat } from "./events.js";
import type { LogitStats } from "./signals.js";

export const DETECTORS = [
  "loss-spike",
  "grad-norm-jump",
  "non-finite",
  "attention-logit-growth",
  "output-logit-divergence",
  "loss-stuck",
  "train-val-gap",
  "update-ratio",
] as const;
export type DetectorName = (typeof DETECTORS)[number];

/** Thresholds of the detectors (config.alerts). */
export interface DetectorThresholds {
  /** Steps in the trailing window. */
  spikeWindow: number;
  spikeSigma: number;
  spikeMinRise: number;
  gradJump: number;
  attentionLogitMax: number;
  logZMax: number;
  stuckMargin: number;
  gapNats: number;
  updateRatioMin: number;
  updateRatioMax: number;
}

export interface Alert {
  detector: DetectorName;
  message: string;
  /** The numbers that made it fire, by name. */
  evidence: Record<string, number>;
  /** The layer group it concerns ("h.1", "lm_head"), when one. */
  layer?: string;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Robust z-score of x against a window: (x − median) / (1.4826 · median |w − median|);
 * 1.4826 makes the MAD estimate σ for normal data. Infinity when the MAD is 0 and x is above.
 *
 * @example robustZ([1, 2, 3, 4, 5], 8) // (8 − 3) / (1.4826 · 1) ≈ 3.37
 */
export function robustZ(window: readonly number[], x: number): number {
  const m = median(window);
  const mad = 1.4826 * median(window.map((w) => Math.abs(w - m)));
  if (mad === 0) return x > m ? Infinity : 0;
  return (x - m) / mad;
}

const full = (window: readonly number[], t: DetectorThresholds) => window.length >= t.spikeWindow;

/** A step's loss far above the trailing window. */
export function detectLossSpike(step: number, losses: readonly number[], loss: number, t: DetectorThresholds): Alert | null {
  if (!full(losses, t)) return null;
  const z = robustZ(losses, loss);
  const base = median(losses);
  if (!(z > t.spikeSigma && loss - base > t.spikeMinRise)) return null;
  return {
    detector: "loss-spike",
    message: `step ${step}: loss ${loss.toFixed(3)} is ${fmt(z)} robust standard deviations above the median ${base.toFixed(3)} of the last ${losses.length} steps`,
    evidence: { loss, median: base, robustZ: Number.isFinite(z) ? z : 1e9 },
  };
}

/** Steps whose median gradient norm the jump detector compares with the window before them. */
export const JUMP_STEPS = 5;

/**
 * The gradient norm's level jumped: the median of the last JUMP_STEPS norms (the current step's
 * last) above `gradJump` × the median of the window before them. A median of several steps
 * ignores the single-step spikes of a healthy run and catches a lasting change of scale.
 */
export function detectGradNormJump(step: number, norms: readonly number[], t: DetectorThresholds): Alert | null {
  if (norms.length < t.spikeWindow + JUMP_STEPS) return null;
  const base = median(norms.slice(-(t.spikeWindow + JUMP_STEPS), -JUMP_STEPS));
  const recent = median(norms.slice(-JUMP_STEPS));
  if (!(recent > t.gradJump * base)) return null;
  return {
    detector: "grad-norm-jump",
    message: `step ${step}: the gradient norm of the last ${JUMP_STEPS} steps (median ${fmt(recent)}) is ${fmt(recent / base)}× its median ${fmt(base)} over the ${t.spikeWindow} steps before`,
    evidence: { gradNorm: recent, median: base, ratio: recent / base },
  };
}

/** The first layer whose max attention logit passed the threshold. */
export function detectAttentionLogitGrowth(step: number, maxLogits: readonly number[], t: DetectorThresholds): Alert | null {
  const layer = maxLogits.findIndex((x) => x > t.attentionLogitMax);
  if (layer < 0) return null;
  return {
    detector: "attention-logit-growth",
    message: `step ${step}: layer h.${layer}'s max attention logit is ${fmt(maxLogits[layer])}, above ${t.attentionLogitMax}: softmax is close to one-hot (attention entropy collapse)`,
    evidence: { maxAttentionLogit: maxLogits[layer] },
    layer: `h.${layer}`,
  };
}

/** Output logits whose log-partition drifted far from 0. */
export function detectOutputLogitDivergence(step: number, logits: LogitStats, t: DetectorThresholds): Alert | null {
  if (!(Math.abs(logits.logZ) > t.logZMax)) return null;
  return {
    detector: "output-logit-divergence",
    message: `step ${step}: mean log Z of the output logits is ${fmt(logits.logZ)} (mean logit ${fmt(logits.mean)}), beyond ±${t.logZMax}`,
    evidence: { logZ: logits.logZ, meanLogit: logits.mean, maxLogit: logits.max },
    layer: "lm_head",
  };
}

/** Loss still at the uniform guess ln V after warmup. */
export function detectLossStuck(step: number, warmupSteps: number, losses: readonly number[], vocabSize: number, t: DetectorThresholds): Alert | null {
  if (step <= warmupSteps || !full(losses, t)) return null;
  const base = median(losses);
  const uniform = Math.log(vocabSize);
  if (!(base > uniform - t.stuckMargin)) return null;
  return {
    detector: "loss-stuck",
    message: `step ${step}: the median loss of the last ${losses.length} steps is ${base.toFixed(3)}, within ${t.stuckMargin} of ln V = ${uniform.toFixed(3)}: the model predicts no better than a uniform guess`,
    evidence: { median: base, lnV: uniform },
  };
}

/** Validation loss far above what training reports. */
export function detectTrainValGap(step: number, losses: readonly number[], valLoss: number, t: DetectorThresholds): Alert | null {
  if (losses.length === 0) return null;
  const trainLoss = median(losses);
  if (!(valLoss - trainLoss > t.gapNats)) return null;
  return {
    detector: "train-val-gap",
    message: `step ${step}: validation loss ${valLoss.toFixed(3)} is ${(valLoss - trainLoss).toFixed(3)} nats above the median training loss ${trainLoss.toFixed(3)} of the last ${losses.length} steps`,
    evidence: { valLoss, trainLoss, gap: valLoss - trainLoss },
  };
}

/** The first layer whose update ratio left the healthy range (after warmup). */
export function detectUpdateRatio(step: number, warmupSteps: number, layers: readonly LayerStat[], t: DetectorThresholds): Alert | null {
  if (step <= warmupSteps) return null;
  const bad = layers.find((l) => l.updateRatio > t.updateRatioMax || l.updateRatio < t.updateRatioMin);
  if (bad === undefined) return null;
  const side = bad.updateRatio > t.updateRatioMax ? `above ${t.updateRatioMax}: the layer is rewritten each step` : `below ${t.updateRatioMin}: the layer barely moves`;
  return {
    detector: "update-ratio",
    message: `step ${step}: layer ${bad.layer}'s update ratio ‖Δθ‖/‖θ‖ is ${fmt(bad.updateRatio)}, ${side}`,
    evidence: { updateRatio: bad.updateRatio },
    layer: bad.layer,
  };
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? x.toExponential(2) : x.toPrecision(3);
}
