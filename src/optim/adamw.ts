// AdamW, as torch.optim.AdamW documents its algorithm (Loshchilov & Hutter 2019,
// "Decoupled Weight Decay Regularization"; Adam: Kingma & Ba 2015), with weight decay
// applied only to parameters of 2 or more dimensions, as nanoGPT's configure_optimizers
// groups them. For step t = 1, 2, ... and each scalar θ with gradient g:
//
//   θ ← θ − γ·λ·θ                      decoupled weight decay (λ = 0 for biases and gains)
//   m ← β1·m + (1 − β1)·g              first moment
//   v ← β2·v + (1 − β2)·g²             second moment
//   m̂ = m / (1 − β1^t)                 bias corrections (m and v start at 0)
//   v̂ = v / (1 − β2^t)
//   θ ← θ − γ·m̂ / (√v̂ + ε)             ε added after the square root
//
// The update runs on the kernel interface (adamw-update.ts): per element in float64 on the
// TypeScript kernels, in float32 SIMD on the WebAssembly ones (torch rounds after every op
// in float32; results agree to a few float32 ulps, not bit for bit). The state (m, v, t)
// exports to plain data and imports back exactly, so a resumed run is bit-identical.

import { InputError } from "../errors.js";
import { kernels } from "../tensor/kernels.js";
import { checkInteger, checkNumber } from "./check.js";
import { checkParameters, isDecayed, type Parameter } from "./parameter.js";

/** AdamW hyperparameters. Defaults are torch.optim.AdamW's; nanoGPT trains with betas (0.9, 0.95) and weightDecay 0.1. */
export interface AdamWOptions {
  /** Learning rate γ used when adamwStep gets none (default 1e-3). */
  lr: number;
  /** β1, decay of the first moment (default 0.9). */
  beta1: number;
  /** β2, decay of the second moment (default 0.999). */
  beta2: number;
  /** ε, added to √v̂ (default 1e-8). */
  eps: number;
  /** λ, decoupled weight decay for parameters with 2+ dimensions (default 0.01). */
  weightDecay: number;
  /** Decay every parameter, gains and biases too, as torch.optim.AdamW without groups (default false). */
  decayAll: boolean;
}

/** Optimizer state as plain data, keyed by parameter name: what a checkpoint saves. */
export interface AdamWState {
  /** Number of steps taken so far (t of the last step; 0 before the first). */
  step: number;
  /** First moment m of each parameter. */
  m: Record<string, Float32Array>;
  /** Second moment v of each parameter. */
  v: Record<string, Float32Array>;
}

/** An AdamW optimizer over a fixed list of parameters. Step it with adamwStep. */
export interface AdamW {
  readonly params: readonly Parameter[];
  readonly options: Readonly<AdamWOptions>;
  /** Steps taken so far. */
  step: number;
  /** m and v of params[i], in the same order as params. */
  readonly m: Float32Array[];
  readonly v: Float32Array[];
}

export const ADAMW_DEFAULTS: Readonly<AdamWOptions> = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, decayAll: false };

/**
 * Creates an AdamW optimizer with zeroed moments. Checks the parameters and the options
 * (the ranges torch.optim.AdamW accepts: lr, eps, weightDecay >= 0 and betas in [0, 1)).
 *
 * @example
 * const opt = adamw(model.parameters, { lr: 1e-3, beta2: 0.95, weightDecay: 0.1 });
 * for (let it = 0; it < 2000; it++) { ...backward...; adamwStep(opt, warmupCosineLr(it, schedule)); }
 */
export function adamw(params: readonly Parameter[], options: Partial<AdamWOptions> = {}): AdamW {
  checkParameters(params);
  const resolved = { ...ADAMW_DEFAULTS, ...options };
  checkNumber("AdamW lr", resolved.lr, 0);
  checkNumber("AdamW beta1", resolved.beta1, 0, 1);
  checkNumber("AdamW beta2", resolved.beta2, 0, 1);
  checkNumber("AdamW eps", resolved.eps, 0);
  checkNumber("AdamW weightDecay", resolved.weightDecay, 0);
  return {
    params: [...params],
    options: Object.freeze(resolved),
    step: 0,
    // Where the kernels work, next to the parameters (WebAssembly memory on that backend).
    m: params.map((p) => kernels().allocate(p.data.length)),
    v: params.map((p) => kernels().allocate(p.data.length)),
  };
}

/**
 * One AdamW update of every parameter from its current grad, at learning rate `lr`
 * (a schedule's value for this step; default options.lr). Grads are read, not cleared.
 *
 * @example adamwStep(opt, warmupCosineLr(iter, { lr: 1e-3, minLr: 1e-4, warmupSteps: 100, decaySteps: 2000 }))
 */
export function adamwStep(opt: AdamW, lr: number = opt.options.lr): void {
  checkNumber("AdamW step lr", lr, 0, Infinity, "a learning-rate schedule returns a finite lr >= 0");
  const { beta1, beta2, eps, weightDecay, decayAll } = opt.options;
  opt.step += 1;
  const t = opt.step;
  const biasCorrection1 = 1 - beta1 ** t; // 1 − β1^t
  const biasCorrection2 = 1 - beta2 ** t; // 1 − β2^t

  opt.params.forEach((param, i) => {
    const { data: theta, grad } = param;
    const m = opt.m[i];
    const v = opt.v[i];
    const decayFactor = 1 - lr * (decayAll || isDecayed(param) ? weightDecay : 0); // θ ← (1 − γλ)·θ
    kernels().adamwUpdate(theta, grad, m, v, { lr, beta1, beta2, eps, decayFactor, correction1: biasCorrection1, correction2: biasCorrection2 });
  });
}

/**
 * The optimizer's state as plain data (copies, keyed by parameter name), for a checkpoint.
 * importAdamWState restores it exactly.
 */
export function exportAdamWState(opt: AdamW): AdamWState {
  const m: Record<string, Float32Array> = {};
  const v: Record<string, Float32Array> = {};
  opt.params.forEach((param, i) => {
    m[param.name] = opt.m[i].slice();
    v[param.name] = opt.v[i].slice();
  });
  return { step: opt.step, m, v };
}

/**
 * Restores state saved by exportAdamWState into an optimizer over the same parameters
 * (matched by name, any order). Throws InputError, changing nothing, if the state is
 * missing a parameter, has an unknown one, or a moment of the wrong length.
 *
 * @example
 * const resumed = adamw(params, options);
 * importAdamWState(resumed, checkpoint.optimizer); // continues bit-identically
 */
export function importAdamWState(opt: AdamW, state: AdamWState): void {
  const hint = "the checkpoint's optimizer state must come from a model with the same parameters";
  checkInteger("AdamW state step", state?.step, 0, hint);
  for (const key of ["m", "v"] as const) {
    const moments = state[key];
    if (typeof moments !== "object" || moments === null) {
      throw new InputError(`AdamW state.${key} must be an object of Float32Arrays keyed by parameter name`, hint);
    }
    const names = new Set(opt.params.map((p) => p.name));
    for (const name of Object.keys(moments)) {
      if (!names.has(name)) throw new InputError(`AdamW state.${key} has unknown parameter "${name}"`, hint);
    }
    for (const param of opt.params) {
      const moment = moments[param.name];
      if (!(moment instanceof Float32Array) || moment.length !== param.data.length) {
        throw new InputError(
          `AdamW state.${key}["${param.name}"] must be a Float32Array of length ${param.data.length}`,
          hint,
        );
      }
    }
  }
  opt.step = state.step;
  opt.params.forEach((param, i) => {
    opt.m[i].set(state.m[param.name]);
    opt.v[i].set(state.v[param.name]);
  });
}
