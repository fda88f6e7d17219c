// Learning-rate schedules: pure functions of the 0-based step (iteration) number, the
// learning rate to use for the update made at that step.
//
//   constant       lr
//   cosine         nanoGPT's get_lr (train.py): linear warmup, cosine decay to minLr at
//                  decaySteps, minLr after
//   linear         the same warmup, then a straight line from lr to minLr at decaySteps
//   inverse-sqrt   Vaswani et al. 2017 ("Attention Is All You Need", eq. 3), scaled so
//                  that its peak is lr
//
// Warmup (cosine, linear) is nanoGPT's: lr·(step + 1)/(warmupSteps + 1) for step <
// warmupSteps. It climbs linearly from near 0 and, unlike the older lr·step/warmupSteps,
// does not spend step 0 at lr 0. At step = warmupSteps the lr is the peak lr.

import { describeValue, InputError } from "../errors.js";
import { checkInteger, checkNumber } from "./check.js";

/** Options of the warmup-then-decay schedules (nanoGPT's learning_rate, min_lr, warmup_iters, lr_decay_iters). */
export interface WarmupDecayOptions {
  /** Peak learning rate, reached at step = warmupSteps. */
  lr: number;
  /** Final learning rate, reached at step = decaySteps and kept after; 0 <= minLr <= lr. */
  minLr: number;
  /** Number of warmup steps (0 for none). */
  warmupSteps: number;
  /** Step at which the decay ends; > warmupSteps. */
  decaySteps: number;
}

/** Options of the inverse square root schedule. */
export interface InverseSqrtOptions {
  /** Peak learning rate, reached at step = warmupSteps. */
  lr: number;
  /** Warmup steps W >= 1. */
  warmupSteps: number;
}

/** A schedule as plain data (for a run's config file); learningRate evaluates it. */
export type LrSchedule =
  | { kind: "constant"; lr: number }
  | ({ kind: "cosine" } & WarmupDecayOptions)
  | ({ kind: "linear" } & WarmupDecayOptions)
  | ({ kind: "inverse-sqrt" } & InverseSqrtOptions);

/**
 * The same learning rate at every step.
 *
 * @example constantLr(500, { lr: 1e-3 }) // 1e-3
 */
export function constantLr(step: number, options: { lr: number }): number {
  checkStep(step);
  return checkNumber("schedule lr", options?.lr, 0);
}

/**
 * nanoGPT's get_lr: linear warmup, then cosine decay from lr to minLr, then minLr.
 *
 *   step < W:       lr·(step + 1)/(W + 1)
 *   W <= step <= D: minLr + ½(1 + cos(π·(step − W)/(D − W)))·(lr − minLr)
 *   step > D:       minLr
 *
 * @example
 * const s = { lr: 1e-3, minLr: 1e-4, warmupSteps: 100, decaySteps: 5000 }; // nanoGPT shakespeare_char
 * warmupCosineLr(100, s);  // 1e-3 (peak)
 * warmupCosineLr(2550, s); // 5.5e-4 (half way: (lr + minLr)/2)
 * warmupCosineLr(9000, s); // 1e-4
 */
export function warmupCosineLr(step: number, options: WarmupDecayOptions): number {
  checkStep(step);
  const { lr, minLr, warmupSteps, decaySteps } = checkWarmupDecay(options);
  if (step < warmupSteps) return (lr * (step + 1)) / (warmupSteps + 1);
  if (step > decaySteps) return minLr;
  const decayRatio = (step - warmupSteps) / (decaySteps - warmupSteps); // in [0, 1]
  const coeff = 0.5 * (1 + Math.cos(Math.PI * decayRatio)); // 1 -> 0
  return minLr + coeff * (lr - minLr);
}

/**
 * Linear warmup (as warmupCosineLr), then linear decay from lr to minLr, then minLr.
 *
 *   W <= step <= D: lr + (minLr − lr)·(step − W)/(D − W)
 *
 * @example warmupLinearLr(550, { lr: 1e-3, minLr: 0, warmupSteps: 100, decaySteps: 1000 }) // 5e-4
 */
export function warmupLinearLr(step: number, options: WarmupDecayOptions): number {
  checkStep(step);
  const { lr, minLr, warmupSteps, decaySteps } = checkWarmupDecay(options);
  if (step < warmupSteps) return (lr * (step + 1)) / (warmupSteps + 1);
  if (step > decaySteps) return minLr;
  const decayRatio = (step - warmupSteps) / (decaySteps - warmupSteps);
  return lr + (minLr - lr) * decayRatio;
}

/**
 * Inverse square root decay after linear warmup (Vaswani et al. 2017, eq. 3:
 * d_model^-0.5 · min(s^-0.5, s·W^-1.5)), normalized so the peak is lr: multiplying by
 * √W / d_model^-0.5 gives
 *
 *   lr · min(s/W, √(W/s)),   s = max(step, 1)
 *
 * which rises linearly to lr at step W and then falls as 1/√step. Step 0 is counted as 1,
 * as The Annotated Transformer's rate() does, to avoid 0^-0.5.
 *
 * @example inverseSqrtLr(400, { lr: 1e-3, warmupSteps: 100 }) // 1e-3·√(100/400) = 5e-4
 */
export function inverseSqrtLr(step: number, options: InverseSqrtOptions): number {
  checkStep(step);
  const lr = checkNumber("schedule lr", options?.lr, 0);
  const warmupSteps = checkInteger("inverse-sqrt warmupSteps", options.warmupSteps, 1, "the peak is at step warmupSteps");
  const s = Math.max(step, 1);
  return lr * Math.min(s / warmupSteps, Math.sqrt(warmupSteps / s));
}

/**
 * Evaluates a schedule given as data.
 *
 * @example learningRate({ kind: "inverse-sqrt", lr: 1e-3, warmupSteps: 100 }, 100) // 1e-3
 */
export function learningRate(schedule: LrSchedule, step: number): number {
  switch (schedule?.kind) {
    case "constant":
      return constantLr(step, schedule);
    case "cosine":
      return warmupCosineLr(step, schedule);
    case "linear":
      return warmupLinearLr(step, schedule);
    case "inverse-sqrt":
      return inverseSqrtLr(step, schedule);
    default:
      throw new InputError(
        `schedule kind must be "constant", "cosine", "linear" or "inverse-sqrt", got ${describeValue((schedule as { kind?: unknown } | undefined)?.kind)}`,
      );
  }
}

function checkStep(step: number): void {
  checkInteger("schedule step", step, 0, "steps count iterations from 0");
}

function checkWarmupDecay(options: WarmupDecayOptions): WarmupDecayOptions {
  const lr = checkNumber("schedule lr", options?.lr, 0);
  const minLr = checkNumber("schedule minLr", options.minLr, 0);
  if (minLr > lr) throw new InputError(`schedule minLr (${minLr}) must not exceed lr (${lr})`);
  const warmupSteps = checkInteger("schedule warmupSteps", options.warmupSteps, 0);
  const decaySteps = checkInteger("schedule decaySteps", options.decaySteps, 0);
  if (decaySteps <= warmupSteps) {
    throw new InputError(
      `schedule decaySteps (${decaySteps}) must be greater than warmupSteps (${warmupSteps})`,
      "decay runs from step warmupSteps to step decaySteps; for a flat lr use the constant schedule",
    );
  }
  return { lr, minLr, warmupSteps, decaySteps };
}
