// Training memory on one device under 3D parallelism: model states and activations.
//
//   params per rank   Ψ_r = Ψ/(t·p)                tensor parallelism splits every layer t ways and
//                                                  pipeline parallelism gives each stage L/p layers
//                                                  (both assumed even; Narayanan et al. 2021)
//   model states      bytes/param × Ψ_r, then ZeRO shards them over the N_d = dp data-parallel
//                     ranks: stage ≥ 1 the optimizer states, ≥ 2 the gradients, 3 the weights
//                     (Rajbhandari et al. 2020, §5; memory.ts zeroShard)
//   activations       the first pipeline stage's (activations.ts), never sharded by ZeRO
//   total             weights + gradients + optimizer states + activations
//
// Worked: Ψ = 7e9, mixed-precision AdamW (2 + 2 + 12 bytes/param), t = 2, p = 4, ZeRO-1, N_d = 8:
//   Ψ_r = 7e9/8 = 8.75e8; weights 2·8.75e8 = 1.75e9 B; gradients 1.75e9 B; optimizer states
//   12·8.75e8/8 = 1.3125e9 B; total 4.8125e9 B before activations.

import { checkInteger, checkNumber } from "../optim/check.js";
import { modelStateBytes, ZERO_SHARDED_FROM, zeroShard, type ModelStateBytes, type OptimizerSetup, type StateSplit, type TrainingPrecision, type ZeroStage } from "./memory.js";
import { describeValue, InputError } from "../errors.js";

/** What `trainingMemoryPerDevice` takes. */
export interface TrainingMemoryInput {
  /** Ψ: parameters of the whole model. */
  params: number;
  optimizer: OptimizerSetup;
  /** For adam-8bit and sgd-momentum (memory.ts modelStateBytes). */
  precision?: TrainingPrecision;
  /** t: tensor-parallel degree (default 1). */
  tp?: number;
  /** p: pipeline stages (default 1). */
  pp?: number;
  /** N_d: data-parallel degree (default 1). */
  dp?: number;
  /** ZeRO stage over the data-parallel ranks (default 0). */
  zeroStage?: ZeroStage;
  /** Activation bytes the device holds (activations.ts firstStageActivationBytes); default 0, not counted. */
  activationBytes?: number;
  /** The device's memory in bytes, for the fits/free answer. */
  deviceBytes?: number;
}

/** Bytes on one device by component. */
export interface DeviceMemory extends StateSplit {
  activations: number;
}

/** What `trainingMemoryPerDevice` returns. */
export interface TrainingMemory {
  params: number;
  /** Ψ/(t·p): parameters each rank holds before ZeRO. */
  paramsPerRank: number;
  /** Model states of Ψ/(t·p) parameters, before ZeRO sharding. */
  modelStates: ModelStateBytes;
  perDevice: DeviceMemory;
  /** Which states ZeRO shards over N_d at this stage. */
  sharded: { weights: boolean; gradients: boolean; optimizerStates: boolean };
  /** Formula of each model state per device, e.g. "12 B/param × Ψ/(t·p) / N_d". */
  formulas: { weights: string; gradients: string; optimizerStates: string };
  /** The component that takes the most memory, and its share of the total. */
  largest: { component: keyof DeviceMemory; share: number };
  /** dp · tp · pp. */
  devices: number;
  /** deviceBytes − total, when deviceBytes was given. */
  freeBytes: number | null;
  fits: boolean | null;
  convention: string;
}

const STATES = ["weights", "gradients", "optimizerStates"] as const;

/**
 * Bytes one device holds while training a model of Ψ = `params` parameters with tensor, pipeline
 * and ZeRO data parallelism (see the file comment for the formulas and a worked example).
 *
 * @example trainingMemoryPerDevice({ params: 7e9, optimizer: "adamw-mixed", tp: 2, pp: 4, dp: 8, zeroStage: 1 }).perDevice.total // 4.8125e9
 */
export function trainingMemoryPerDevice(input: TrainingMemoryInput): TrainingMemory {
  const params = checkNumber("params", input.params, 0);
  const tp = checkInteger("tp", input.tp ?? 1, 1, "the tensor-parallel degree, 1 for none");
  const pp = checkInteger("pp", input.pp ?? 1, 1, "the number of pipeline stages, 1 for none");
  const dp = checkInteger("dp", input.dp ?? 1, 1, "the data-parallel degree, 1 for none");
  const stage = input.zeroStage ?? 0;
  if (stage !== 0 && stage !== 1 && stage !== 2 && stage !== 3) {
    throw new InputError(`zeroStage must be 0, 1, 2 or 3, got ${describeValue(stage)}`, "0 is plain data parallelism");
  }
  const activations = checkNumber("activationBytes", input.activationBytes ?? 0, 0);
  const paramsPerRank = params / (tp * pp);
  const modelStates = modelStateBytes({ params: paramsPerRank, optimizer: input.optimizer, precision: input.precision });
  const perDevice: DeviceMemory = {
    weights: zeroShard("weights", modelStates.bytes.weights, stage, dp),
    gradients: zeroShard("gradients", modelStates.bytes.gradients, stage, dp),
    optimizerStates: zeroShard("optimizerStates", modelStates.bytes.optimizerStates, stage, dp),
    activations,
    total: 0,
  };
  perDevice.total = perDevice.weights + perDevice.gradients + perDevice.optimizerStates + activations;
  const sharded = {
    weights: stage >= ZERO_SHARDED_FROM.weights,
    gradients: stage >= ZERO_SHARDED_FROM.gradients,
    optimizerStates: stage >= ZERO_SHARDED_FROM.optimizerStates,
  };
  const perRank = tp * pp > 1 ? "Ψ/(t·p)" : "Ψ";
  const formula = (state: (typeof STATES)[number]) => `${modelStates.bytesPerParam[state]} B/param × ${perRank}${sharded[state] ? " / N_d" : ""}`;
  const components = [...STATES, "activations"] as const;
  const largestComponent = components.reduce((best, c) => (perDevice[c] > perDevice[best] ? c : best), components[0]);
  const freeBytes = input.deviceBytes === undefined ? null : checkNumber("deviceBytes", input.deviceBytes, 0) - perDevice.total;
  return {
    params,
    paramsPerRank,
    modelStates,
    perDevice,
    sharded,
    formulas: { weights: formula("weights"), gradients: formula("gradients"), optimizerStates: formula("optimizerStates") },
    largest: { component: largestComponent, share: perDevice.total > 0 ? perDevice[largestComponent] / perDevice.total : 0 },
    devices: dp * tp * pp,
    freeBytes,
    fits: freeBytes === null ? null : freeBytes >= 0,
    convention:
      "weights, gradients and optimizer states divided by t·p (tensor × pipeline, assumed even) before ZeRO shards them over N_d = dp " +
      "(stage ≥ 1 optimizer states, ≥ 2 gradients, 3 weights; Rajbhandari et al. 2020); activations are not sharded by ZeRO",
  };
}

/** When activations take this share of a device's memory or more, they are what to cut first. */
export const ACTIVATIONS_DOMINATE = 0.5;

/**
 * Advice when activations take at least half the device's memory (ACTIVATIONS_DOMINATE), by
 * what is already recomputed; null otherwise. FlashAttention (Dao et al. 2022) never stores the
 * a·s² attention scores, which removes the same 5as/h term as selective recomputation
 * (Korthikanti et al. 2022); full recomputation keeps only each layer's 2sbh input.
 */
export function activationAdvice(memory: DeviceMemory, recompute: "none" | "selective" | "full"): string | null {
  const share = memory.total > 0 ? memory.activations / memory.total : 0;
  if (share < ACTIVATIONS_DOMINATE) return null;
  const percent = `${(share * 100).toFixed(1)}%`; // as the table shows the share
  if (recompute === "none") {
    return `Activations are ${percent} of the memory: FlashAttention or selective recomputation drops the attention scores (the 5as/h term); full recomputation keeps only 2sbh per layer.`;
  }
  if (recompute === "selective") {
    return `Activations are ${percent} of the memory even with selective recomputation: full recomputation keeps only 2sbh per layer; sequence parallelism or a smaller micro-batch also cut them.`;
  }
  return `Activations are ${percent} of the memory even with full recomputation: a smaller micro-batch, sequence parallelism or more pipeline stages cut them.`;
}
