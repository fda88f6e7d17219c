// Model-state memory: the bytes that weights, gradients and optimizer states take per parameter,
// and how ZeRO data parallelism divides them across devices.
//
// Two conventions for mixed-precision Adam disagree by 2 bytes per parameter:
//   ZeRO (Rajbhandari et al. 2020, §3.1): 2 (fp16 weights) + 2 (fp16 gradients) + K, K = 12
//     (fp32 master weights 4 + momentum 4 + variance 4)                              = 16 bytes
//   Hugging Face "Model training anatomy" (perf_train_gpu_one docs): 6 (fp32 + fp16 weights)
//     + 4 (fp32 gradients) + 8 (Adam's two fp32 moments)                            = 18 bytes
// Every result says which one it used.

import { describeValue, InputError } from "../errors.js";
import { checkInteger, checkNumber } from "../optim/check.js";

/** Optimizer and precision setups that `modelStateBytes` knows. */
export type OptimizerSetup = "adamw-mixed" | "adamw-mixed-fp32-grads" | "adamw-fp32" | "adam-8bit" | "sgd-momentum";

/** Precision of training, for the optimizers whose name does not fix it (adam-8bit, sgd-momentum). */
export type TrainingPrecision = "fp32" | "mixed";

/** Bytes of weights, gradients and optimizer states, and their sum. */
export interface StateSplit {
  weights: number;
  gradients: number;
  optimizerStates: number;
  total: number;
}

/** What `modelStateBytes` returns. */
export interface ModelStateBytes {
  params: number;
  optimizer: OptimizerSetup;
  precision: TrainingPrecision;
  /** Bytes per parameter, split by what they hold. */
  bytesPerParam: StateSplit;
  /** Bytes for the whole model: bytesPerParam × params. */
  bytes: StateSplit;
  formula: string;
  convention: string;
}

interface Accounting {
  weights: number;
  gradients: number;
  optimizerStates: number;
  formula: string;
  convention: string;
}

const HF_ANATOMY = 'Hugging Face "Model training anatomy" (perf_train_gpu_one docs)';

// Bytes per parameter for each setup. Mixed precision keeps a 16-bit copy of the weights for
// the forward and backward passes and an fp32 master copy for the update. The HF accounting
// adds both into "weights" (6 bytes); here, as in ZeRO, the master copy is optimizer state,
// because only the optimizer reads it and ZeRO stage 1 shards it with the moments. The
// totals are the same either way (18 bytes/param for HF's mixed-precision AdamW).
function accounting(optimizer: OptimizerSetup, precision: TrainingPrecision): Accounting {
  const weights = precision === "mixed" ? 2 : 4;
  const master = precision === "mixed" ? 4 : 0;
  const weightsText = precision === "mixed" ? "2 (16-bit weights)" : "4 (fp32 weights)";
  const masterText = precision === "mixed" ? "4 (fp32 master weights) + " : "";
  switch (optimizer) {
    case "adamw-mixed":
      return {
        weights: 2,
        gradients: 2,
        optimizerStates: 12,
        formula: "2 (16-bit weights) + 2 (16-bit gradients) + K = 12 (fp32 master weights, momentum, variance) = 16 bytes/param",
        convention: "ZeRO (Rajbhandari et al. 2020, §3.1): K = 12, 16-bit gradients; fp32 master weights counted as optimizer state",
      };
    case "adamw-mixed-fp32-grads":
      return {
        weights: 2,
        gradients: 4,
        optimizerStates: 12,
        formula: "2 (16-bit weights) + 4 (fp32 gradients) + 4 (fp32 master weights) + 8 (Adam momentum and variance, fp32) = 18 bytes/param",
        convention: `${HF_ANATOMY}: 18 bytes/param with fp32 gradients; HF counts the fp32 master copy as weights (6 bytes), here it is optimizer state as in ZeRO`,
      };
    case "adamw-fp32":
      return {
        weights: 4,
        gradients: 4,
        optimizerStates: 8,
        formula: "4 (fp32 weights) + 4 (fp32 gradients) + 8 (Adam momentum and variance, fp32) = 16 bytes/param",
        convention: `${HF_ANATOMY}: plain fp32 training`,
      };
    case "adam-8bit":
      return {
        weights,
        gradients: 4,
        optimizerStates: master + 2,
        formula: `${weightsText} + 4 (fp32 gradients) + ${masterText}2 (8-bit momentum and variance) = ${weights + master + 6} bytes/param`,
        convention: `${HF_ANATOMY}; 8-bit states as in bitsandbytes (Dettmers et al. 2022, 8-bit Optimizers via Block-wise Quantization)`,
      };
    case "sgd-momentum":
      return {
        weights,
        gradients: 4,
        optimizerStates: master + 4,
        formula: `${weightsText} + 4 (fp32 gradients) + ${masterText}4 (fp32 momentum) = ${weights + master + 8} bytes/param`,
        convention: `${HF_ANATOMY}: SGD keeps one fp32 momentum buffer`,
      };
  }
}

const OPTIMIZERS: readonly OptimizerSetup[] = ["adamw-mixed", "adamw-mixed-fp32-grads", "adamw-fp32", "adam-8bit", "sgd-momentum"];

// The precision an optimizer's name already fixes; adam-8bit and sgd-momentum take it as an argument.
const FIXED_PRECISION: Partial<Record<OptimizerSetup, TrainingPrecision>> = {
  "adamw-mixed": "mixed",
  "adamw-mixed-fp32-grads": "mixed",
  "adamw-fp32": "fp32",
};

/**
 * Bytes of model states (weights, gradients, optimizer states) for training `params` parameters,
 * activations excluded. `precision` applies to adam-8bit and sgd-momentum (default "fp32"); the
 * AdamW setups fix it in their names, and a conflicting `precision` throws.
 *
 * @example modelStateBytes({ params: 7.5e9, optimizer: "adamw-mixed" }).bytes.total // 1.2e11 (120 GB, ZeRO's baseline)
 */
export function modelStateBytes(options: { params: number; optimizer: OptimizerSetup; precision?: TrainingPrecision }): ModelStateBytes {
  const params = checkNumber("params", options.params, 0);
  const { optimizer } = options;
  if (!OPTIMIZERS.includes(optimizer)) {
    throw new InputError(`optimizer must be one of ${OPTIMIZERS.join(", ")}, got ${describeValue(optimizer)}`);
  }
  const fixed = FIXED_PRECISION[optimizer];
  const precision = options.precision ?? fixed ?? "fp32";
  if (precision !== "fp32" && precision !== "mixed") {
    throw new InputError(`precision must be "fp32" or "mixed", got ${describeValue(precision)}`);
  }
  if (fixed !== undefined && precision !== fixed) {
    throw new InputError(
      `precision ${describeValue(precision)} conflicts with optimizer ${describeValue(optimizer)}`,
      `${optimizer} is ${fixed} training by definition; leave precision out or pick another optimizer`,
    );
  }
  const { weights, gradients, optimizerStates, formula, convention } = accounting(optimizer, precision);
  const perParam = { weights, gradients, optimizerStates, total: weights + gradients + optimizerStates };
  return {
    params,
    optimizer,
    precision,
    bytesPerParam: perParam,
    bytes: {
      weights: weights * params,
      gradients: gradients * params,
      optimizerStates: optimizerStates * params,
      total: perParam.total * params,
    },
    formula,
    convention,
  };
}

/** ZeRO-DP stage: 0 is plain data parallelism, 1 shards optimizer states, 2 also gradients, 3 also parameters. */
export type ZeroStage = 0 | 1 | 2 | 3;

/** What `zeroMemoryPerDevice` returns: model-state bytes on one data-parallel device. */
export interface ZeroMemory extends StateSplit {
  stage: ZeroStage;
  params: number;
  dp: number;
  k: number;
  formula: string;
  convention: string;
}

/** The model state a ZeRO stage first shards: stage 1 the optimizer states, 2 also the gradients, 3 also the weights. */
export const ZERO_SHARDED_FROM: Record<keyof Omit<StateSplit, "total">, ZeroStage> = { optimizerStates: 1, gradients: 2, weights: 3 };

/**
 * The bytes of one model state that one of `dp` data-parallel devices holds under ZeRO `stage`:
 * all of them below the stage that shards it (ZERO_SHARDED_FROM), a 1/dp share from that stage on
 * (Rajbhandari et al. 2020, §5).
 *
 * @example zeroShard("gradients", 14e9, 2, 8) // 14e9/8: stage 2 shards gradients
 * @example zeroShard("weights", 14e9, 2, 8) // 14e9: only stage 3 shards weights
 */
export function zeroShard(state: keyof typeof ZERO_SHARDED_FROM, bytes: number, stage: ZeroStage, dp: number): number {
  return stage >= ZERO_SHARDED_FROM[state] ? bytes / dp : bytes;
}

const ZERO_FORMULAS: Record<ZeroStage, string> = {
  0: "(2 + 2 + K)·Ψ",
  1: "2Ψ + 2Ψ + K·Ψ/N_d",
  2: "2Ψ + (2 + K)·Ψ/N_d",
  3: "(2 + 2 + K)·Ψ/N_d",
};

/**
 * Model-state bytes per device under ZeRO-DP stage 0–3 with Ψ = params, N_d = dp and K bytes of
 * optimizer state per parameter (Rajbhandari et al. 2020, Figure 1 and §5): 16-bit weights (2Ψ) and
 * gradients (2Ψ), optimizer states KΨ; stage 1 shards the optimizer states, stage 2 also the
 * gradients, stage 3 also the weights. Activations and buffers are not included.
 *
 * @example zeroMemoryPerDevice({ params: 7.5e9, dp: 64, stage: 1 }).total // 3.140625e10 (31.4 GB)
 */
export function zeroMemoryPerDevice(options: { params: number; dp: number; stage: ZeroStage; k?: number }): ZeroMemory {
  const params = checkNumber("params", options.params, 0);
  const dp = checkInteger("dp", options.dp, 1, "the data-parallel degree N_d counts devices");
  const { stage } = options;
  if (stage !== 0 && stage !== 1 && stage !== 2 && stage !== 3) {
    throw new InputError(`stage must be 0, 1, 2 or 3, got ${describeValue(stage)}`, "ZeRO-DP has stages 1 to 3; 0 is plain data parallelism");
  }
  const k = checkNumber("k", options.k ?? 12, 0, Infinity, "K is optimizer-state bytes per parameter; 12 for mixed-precision Adam");
  const weights = zeroShard("weights", 2 * params, stage, dp);
  const gradients = zeroShard("gradients", 2 * params, stage, dp);
  const optimizerStates = zeroShard("optimizerStates", k * params, stage, dp);
  return {
    stage,
    params,
    dp,
    k,
    weights,
    gradients,
    optimizerStates,
    total: weights + gradients + optimizerStates,
    formula: ZERO_FORMULAS[stage],
    convention: `ZeRO (Rajbhandari et al. 2020): K = ${k}, 16-bit weights and gradients, Ψ = parameters, N_d = data-parallel degree`,
  };
}
