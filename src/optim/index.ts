/**
 * Optimizers for the Lab's engine, on plain { name, data, grad, shape } parameter records:
 * AdamW (torch.optim.AdamW, with nanoGPT's 2-D-only weight decay), SGD with momentum
 * (torch.optim.SGD), global-norm gradient clipping (torch.nn.utils.clip_grad_norm_),
 * gradient accumulation over micro-batches of unequal sizes and learning-rate schedules
 * (nanoGPT's get_lr and relatives).
 */
export {
  checkParameters,
  decayGroups,
  describeDecayGroups,
  isDecayed,
  type DecayGroups,
  type Parameter,
} from "./parameter.js";
export {
  ADAMW_DEFAULTS,
  adamw,
  adamwStep,
  exportAdamWState,
  importAdamWState,
  type AdamW,
  type AdamWOptions,
  type AdamWState,
} from "./adamw.js";
export { SGD_DEFAULTS, exportSgdState, importSgdState, sgd, sgdStep, type Sgd, type SgdOptions, type SgdState } from "./sgd.js";
export { clipGradNorm, gradNorm } from "./clip.js";
export { accumulatedMeanGradient, microBatchLossWeights } from "./accumulate.js";
export {
  constantLr,
  inverseSqrtLr,
  learningRate,
  warmupCosineLr,
  warmupLinearLr,
  type InverseSqrtOptions,
  type LrSchedule,
  type WarmupDecayOptions,
} from "./schedule.js";
