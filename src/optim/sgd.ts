// Stochastic gradient descent with momentum, as torch.optim.SGD documents its algorithm
// (dampening 0, no weight decay). Nesterov momentum follows Sutskever et al. 2013,
// "On the importance of initialization and momentum in deep learning", in torch's form.
// For step t = 1, 2, ... and each scalar θ with gradient g:
//
//   b ← g                 at t = 1 (torch starts the buffer from the first gradient)
//   b ← μ·b + g           at t > 1
//   d = g + μ·b           with Nesterov, else d = b       (μ = 0: d = g, plain SGD)
//   θ ← θ − γ·d
//
// The momentum buffer starts at zero here, which gives b = μ·0 + g = g at t = 1: the
// same value as torch's first step, without a special case.

import { InputError } from "../errors.js";
import { checkInteger, checkNumber } from "./check.js";
import { checkParameters, type Parameter } from "./parameter.js";

/** SGD hyperparameters (torch.optim.SGD's, with dampening fixed at 0). */
export interface SgdOptions {
  /** Learning rate γ used when sgdStep gets none (default 1e-3, as torch). */
  lr: number;
  /** Momentum μ in [0, 1) (default 0: plain SGD). */
  momentum: number;
  /** Nesterov momentum; needs momentum > 0 (default false). */
  nesterov: boolean;
}

/** Optimizer state as plain data, keyed by parameter name: what a checkpoint saves. */
export interface SgdState {
  /** Number of steps taken so far. */
  step: number;
  /** Momentum buffer b of each parameter (all zero when momentum is 0). */
  momentum: Record<string, Float32Array>;
}

/** An SGD optimizer over a fixed list of parameters. Step it with sgdStep. */
export interface Sgd {
  readonly params: readonly Parameter[];
  readonly options: Readonly<SgdOptions>;
  step: number;
  /** Momentum buffer of params[i], in the same order as params. */
  readonly momentum: Float32Array[];
}

export const SGD_DEFAULTS: Readonly<SgdOptions> = { lr: 1e-3, momentum: 0, nesterov: false };

/**
 * Creates an SGD optimizer with zeroed momentum buffers.
 *
 * @example
 * const opt = sgd(params, { lr: 0.1, momentum: 0.9, nesterov: true });
 * sgdStep(opt); // θ ← θ − 0.1·(g + 0.9·b)
 */
export function sgd(params: readonly Parameter[], options: Partial<SgdOptions> = {}): Sgd {
  checkParameters(params);
  const resolved = { ...SGD_DEFAULTS, ...options };
  checkNumber("SGD lr", resolved.lr, 0);
  checkNumber("SGD momentum", resolved.momentum, 0, 1);
  if (typeof resolved.nesterov !== "boolean") {
    throw new InputError(`SGD nesterov must be true or false, got ${String(resolved.nesterov)}`);
  }
  if (resolved.nesterov && resolved.momentum === 0) {
    throw new InputError("SGD nesterov needs momentum > 0, got momentum 0", "set momentum (e.g. 0.9) or nesterov: false");
  }
  return {
    params: [...params],
    options: Object.freeze(resolved),
    step: 0,
    momentum: params.map((p) => new Float32Array(p.data.length)),
  };
}

/**
 * One SGD update of every parameter from its current grad, at learning rate `lr`
 * (default options.lr). Grads are read, not cleared.
 */
export function sgdStep(opt: Sgd, lr: number = opt.options.lr): void {
  checkNumber("SGD step lr", lr, 0, Infinity, "a learning-rate schedule returns a finite lr >= 0");
  const { momentum: mu, nesterov } = opt.options;
  opt.step += 1;
  opt.params.forEach((param, i) => {
    const { data: theta, grad } = param;
    const buffer = opt.momentum[i];
    for (let j = 0; j < theta.length; j++) {
      const g = grad[j];
      let direction = g;
      if (mu !== 0) {
        buffer[j] = mu * buffer[j] + g; // b ← μ·b + g
        direction = nesterov ? g + mu * buffer[j] : buffer[j];
      }
      theta[j] -= lr * direction;
    }
  });
}

/** The optimizer's state as plain data (copies, keyed by parameter name), for a checkpoint. */
export function exportSgdState(opt: Sgd): SgdState {
  const momentum: Record<string, Float32Array> = {};
  opt.params.forEach((param, i) => {
    momentum[param.name] = opt.momentum[i].slice();
  });
  return { step: opt.step, momentum };
}

/**
 * Restores state saved by exportSgdState into an optimizer over the same parameters
 * (matched by name). Throws InputError, changing nothing, if the state does not fit.
 */
export function importSgdState(opt: Sgd, state: SgdState): void {
  const hint = "the checkpoint's optimizer state must come from a model with the same parameters";
  checkInteger("SGD state step", state?.step, 0, hint);
  const buffers = state.momentum;
  if (typeof buffers !== "object" || buffers === null) {
    throw new InputError("SGD state.momentum must be an object of Float32Arrays keyed by parameter name", hint);
  }
  const names = new Set(opt.params.map((p) => p.name));
  for (const name of Object.keys(buffers)) {
    if (!names.has(name)) throw new InputError(`SGD state.momentum has unknown parameter "${name}"`, hint);
  }
  for (const param of opt.params) {
    const buffer = buffers[param.name];
    if (!(buffer instanceof Float32Array) || buffer.length !== param.data.length) {
      throw new InputError(`SGD state.momentum["${param.name}"] must be a Float32Array of length ${param.data.length}`, hint);
    }
  }
  opt.step = state.step;
  opt.params.forEach((param, i) => opt.momentum[i].set(buffers[param.name]));
}
