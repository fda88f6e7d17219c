import type { AdamWOptions } from "../optim/adamw.js";
import type { TrainConfig } from "./config.js";

/**
 * The AdamW options of a run's optimizer settings. AdamW decays θ ← (1 − η_t·λ')·θ at every
 * step; independent weight decay wants θ ← (1 − λ·η_t/η_max)·θ, which is AdamW's with
 * λ' = λ/η_max (η_max the peak learning rate, `lr`).
 *
 * @example adamwOptionsOf({ ...optimizer, lr: 1e-3, weightDecay: 1e-4, weightDecayMode: "independent" }).weightDecay // 0.1
 */
export function adamwOptionsOf(o: TrainConfig["optimizer"]): AdamWOptions {
  const weightDecay = o.weightDecayMode === "independent" ? o.weightDecay / o.lr : o.weightDecay;
  return { lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay, decayAll: o.decayParameters === "all" };
}
