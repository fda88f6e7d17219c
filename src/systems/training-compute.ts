// What training a model costs in compute and time, from a model and whatever is known about the run:
//   per token   6N + 12·L·H·Q·T (flops.ts flopsPerToken), or 6N alone when only N is known
//   run         6·N·D (Kaplan et al. 2020) and (6N + 12·L·H·Q·T)·D for D tokens
//   time        run FLOPs (with attention) / (devices × peak × MFU)  (inference.ts trainingTime)
//   MFU         per-token FLOPs × B·T per step / step time / (devices × peak)  (flops.ts mfu)

import { InputError } from "../errors.js";
import { resolveArch, type Arch } from "./architecture.js";
import { checkPositiveInteger, checkPositiveNumber } from "./check.js";
import { flopsPerToken, flopsPerTokenFromShape, mfu, trainingFlops, type FlopsPerToken, type TrainingFlops, type Utilization } from "./flops.js";
import { trainingTime, type TrainingTime } from "./inference.js";

/** What `trainingCompute` takes: a model (arch and T, or only N), and optional run figures. */
export interface TrainingComputeInput {
  /** The model; or give `params` alone for 6N without the attention term. */
  arch?: Arch;
  /** N: alone, or overriding the arch's count (the arch then gives only L, H, Q). */
  params?: number;
  /** T: tokens per sequence; needed with an arch (attention term) and with a measured step. */
  seqLen?: number;
  /** D: training tokens of the run. */
  tokens?: number;
  /** Accelerators (default 1). */
  devices?: number;
  /** One device's peak FLOP/s; needed for time and MFU. */
  peakFlops?: number;
  /** Model FLOPs utilisation, for the run's time (needs tokens). */
  mfu?: number;
  /** Measured seconds per step, with `batch`, for the MFU. */
  stepTime?: number;
  /** Sequences per step over all devices. */
  batch?: number;
}

/** What `trainingCompute` returns; a part is null when its inputs were not given. */
export interface TrainingCompute {
  perToken: FlopsPerToken;
  run: (TrainingFlops & { flopsWithAttention: number; tokens: number }) | null;
  time: (TrainingTime & { mfu: number }) | null;
  step: (Utilization & { flopsPerIteration: number; batch: number; stepTime: number }) | null;
}

/**
 * FLOPs per token, for a run of `tokens`, the run's time at `mfu`, and the MFU of a measured step
 * (see the file comment). Throws InputError when a measured step would exceed the devices' peak.
 *
 * @example trainingCompute({ arch: gpt2Small, seqLen: 1024, tokens: 1e9 }).run.flopsWithAttention // 855,166,464 × 1e9
 */
export function trainingCompute(input: TrainingComputeInput): TrainingCompute {
  const perToken = perTokenOf(input);
  const devices = checkPositiveInteger("devices", input.devices ?? 1, "accelerators the run uses");
  let run: TrainingCompute["run"] = null;
  let time: TrainingCompute["time"] = null;
  if (input.tokens !== undefined) {
    const tokens = checkPositiveNumber("tokens", input.tokens, "training tokens D, e.g. 2e12");
    run = { ...trainingFlops(perToken.params, tokens), flopsWithAttention: perToken.flopsPerToken * tokens, tokens };
    if (input.mfu !== undefined) {
      time = { ...trainingTime({ flops: run.flopsWithAttention, devices, peakFlops: needPeak(input.peakFlops), mfu: input.mfu }), mfu: input.mfu };
    }
  } else if (input.mfu !== undefined) {
    throw new InputError("an MFU gives a training time only with a token count", "training time = (FLOPs per token × tokens) / (devices × peak × MFU)");
  }
  let step: TrainingCompute["step"] = null;
  if (input.stepTime !== undefined || input.batch !== undefined) {
    const stepTime = checkPositiveNumber("stepTime", input.stepTime, "seconds per training step; goes with batch");
    const batch = checkPositiveInteger("batch", input.batch, "sequences per step; goes with stepTime");
    const seqLen = checkPositiveInteger("seqLen", input.seqLen, "tokens per sequence: a step processes batch × seqLen tokens");
    const flopsPerIteration = perToken.flopsPerToken * batch * seqLen;
    const peakFlops = needPeak(input.peakFlops);
    const utilization = mfu({ flopsPerIteration, stepTime, peakFlops, devices });
    if (utilization.utilization > 1) {
      throw new InputError(
        `a ${stepTime} s step would mean ${(utilization.utilization * 100).toFixed(1)}% MFU, above the devices' peak`,
        "check the step time, batch, sequence length, device count and the GPU's peak",
      );
    }
    step = { ...utilization, flopsPerIteration, batch, stepTime };
  }
  return { perToken, run, time, step };
}

// 6N + 12·L·H·Q·T from the arch (with N overridden when params is given), or 6N alone from N.
function perTokenOf(input: TrainingComputeInput): FlopsPerToken {
  const { arch } = input;
  if (arch !== undefined) {
    const seqLen = checkPositiveInteger("seqLen", input.seqLen, "tokens per sequence, for the attention term");
    if (input.params === undefined) return flopsPerToken(arch, seqLen);
    const a = resolveArch(arch);
    return flopsPerTokenFromShape({ params: input.params, layers: a.layers, heads: a.heads, headDim: a.headDim, seqLen });
  }
  const params = checkPositiveNumber("params", input.params, "give an arch or a parameter count");
  // 6N per token when only N is known: the attention term needs the layer shape.
  return {
    flopsPerToken: 6 * params,
    params,
    paramFlops: 6 * params,
    attentionFlops: 0,
    formula: "6N",
    convention: "Kaplan et al. 2020: 6N per token from the parameter count alone; the attention term 12·L·H·Q·T needs the model's shape and is left out",
  };
}

function needPeak(peakFlops: number | undefined): number {
  return checkPositiveNumber("peakFlops", peakFlops, "one device's dense peak FLOP/s, e.g. 989e12 for an H100");
}
