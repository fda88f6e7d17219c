// Parallelism costs: the pipeline bubble and the bytes each device sends per step.
//
//   pipeline bubble (Narayanan et al. 2021, §2.2)   (p − 1)/m, or (p − 1)/(v·m) interleaved,
//                                                   as a fraction of the ideal (bubble-free) time
//   ring all-reduce (Patarasuk & Yuan 2009)          each device sends, and receives, 2(n − 1)/n × the buffer;
//                                                   time 2(n − 1)·(α + S/(n·B)) in the latency–bandwidth model
//   ZeRO (Rajbhandari et al. 2020, §7)                stages 1–2 move the same 2Ψ as data parallelism;
//                                                   stage 3 moves 3Ψ (1.5×): a reduce-scatter of gradients
//                                                   and an all-gather of parameters in forward and backward
//   tensor parallel (Shoeybi et al. 2019, Megatron)  per layer 2 all-reduces of b·s·h activations in the
//                                                   forward pass and 2 in the backward pass
//   pipeline parallel (Narayanan et al. 2021, §4.1)  b·s·h activations forward and their gradients backward
//                                                   across each stage boundary, per micro-batch

import { describeValue, InputError } from "../errors.js";
import { checkInteger, checkNumber } from "../optim/check.js";
import { checkPositiveNumber } from "./check.js";

/** What `pipelineBubble` returns. */
export interface PipelineBubble {
  /** Bubble time over ideal compute time: (p − 1)/(v·m), the fraction Narayanan et al. 2021 report. */
  bubbleFraction: number;
  /** Bubble time as a share of the whole step: (p − 1)/(v·m + p − 1). */
  idleShare: number;
  /** The formula of bubbleFraction. */
  formula: string;
  /** The formula of idleShare. */
  idleShareFormula: string;
  convention: string;
}

/**
 * Pipeline bubble of the 1F1B schedule with p stages and m micro-batches per step, or of the
 * interleaved schedule with v model chunks per device (Narayanan et al. 2021, "Efficient Large-Scale
 * Language Model Training on GPU Clusters Using Megatron-LM", §2.2.1–2.2.2).
 *
 * @example pipelineBubble({ stages: 8, microbatches: 64 }).bubbleFraction // 7/64 ≈ 0.109
 */
export function pipelineBubble(options: { stages: number; microbatches: number; interleave?: number }): PipelineBubble {
  const p = checkInteger("stages", options.stages, 1);
  const m = checkInteger("microbatches", options.microbatches, 1);
  const v = checkInteger("interleave", options.interleave ?? 1, 1, "interleave is model chunks per device, 1 for plain 1F1B");
  return {
    bubbleFraction: (p - 1) / (v * m),
    idleShare: (p - 1) / (v * m + p - 1),
    formula: v === 1 ? "(p − 1)/m" : "(p − 1)/(v·m)",
    idleShareFormula: v === 1 ? "(p − 1)/(m + p − 1)" : "(p − 1)/(v·m + p − 1)",
    convention: "Narayanan et al. 2021, §2.2: bubble time divided by ideal compute time (not by the whole step)",
  };
}

/** Which traffic `commBytes` counts; a union discriminated by `kind`. */
export type CommRequest =
  | {
      /** Gradient all-reduce of plain data parallelism (ring). */
      kind: "data-parallel";
      /** Bytes of the gradient buffer (e.g. 2Ψ for 16-bit gradients). */
      gradientBytes: number;
      /** n: data-parallel devices. */
      devices: number;
    }
  | {
      /** ZeRO-DP traffic per step; stages 1 and 2 equal data parallelism, stage 3 is 1.5× it. */
      kind: "zero";
      stage: 1 | 2 | 3;
      /** Bytes of the 16-bit parameters (= the 16-bit gradients), 2Ψ. */
      parameterBytes: number;
      devices: number;
    }
  | {
      /** Megatron tensor parallelism: all-reduces of activations inside each layer. */
      kind: "tensor-parallel";
      seqLen: number;
      microBatch: number;
      hidden: number;
      /** t: tensor-parallel devices. */
      tp: number;
      /** Bytes per activation element (default 2). */
      bytesPerElement?: number;
    }
  | {
      /** Point-to-point traffic across one pipeline stage boundary. */
      kind: "pipeline";
      seqLen: number;
      microBatch: number;
      hidden: number;
      /** Micro-batches per step (default 1). */
      microbatches?: number;
      /** Bytes per activation element (default 2). */
      bytesPerElement?: number;
    };

/** What `commBytes` returns. */
export interface CommVolume {
  kind: CommRequest["kind"];
  /** Bytes one device sends (it receives the same amount) for the unit named in `per`. */
  sentBytesPerDevice: number;
  /** What the volume is counted over, in one word: a step, or one layer for tensor parallelism. */
  unit: "step" | "layer";
  /** The same, spelled out, e.g. "layer (forward + backward, one micro-batch)". */
  per: string;
  formula: string;
  convention: string;
}

// Ring all-reduce = reduce-scatter + all-gather, each moving (n − 1)/n of the buffer per device.
function ringAllReduceBytes(bufferBytes: number, n: number): number {
  return (2 * (n - 1) * bufferBytes) / n;
}

/** What `ringAllReduceTime` returns. */
export interface RingAllReduceTime {
  /** Seconds from start to every participant holding the full sum: 2(p − 1)·(α + S/(p·B)). */
  seconds: number;
  /** 2(p − 1): p − 1 reduce-scatter steps, then p − 1 all-gather steps. */
  steps: number;
  /** S/p: the chunk each participant sends to its ring neighbour at every step. */
  bytesPerStep: number;
  /** 2(p − 1)/p · S, the same amount received. */
  sentBytesPerParticipant: number;
  formula: string;
  convention: string;
}

/**
 * Time of a ring all-reduce of a buffer of `bytes` over `participants` devices in the
 * latency–bandwidth (α–β) model (Patarasuk & Yuan 2009; Thakur, Rabenseifner & Gropp 2005).
 * The buffer is cut into p chunks; at each of the 2(p − 1) steps every device sends one chunk
 * of S/p bytes to its neighbour while receiving one, over its own link of `bandwidth` bytes/s,
 * and pays `latency` seconds per step:
 *   T = 2(p − 1)·(α + S/(p·B)),   sent per device = 2(p − 1)/p · S
 * One participant has nothing to exchange: 0 s, 0 bytes.
 *
 * @example ringAllReduceTime({ bytes: 1e9, participants: 4, bandwidth: 1e9, latency: 0 }).seconds // 6·(0.25) = 1.5
 */
export function ringAllReduceTime(options: { bytes: number; participants: number; bandwidth: number; latency: number }): RingAllReduceTime {
  const bytes = checkNumber("bytes", options.bytes, 0);
  const p = checkInteger("participants", options.participants, 1);
  const bandwidth = checkPositiveNumber("bandwidth", options.bandwidth, "bytes/s per link, e.g. 50e9");
  const latency = checkNumber("latency", options.latency, 0, Infinity, "seconds per step, e.g. 5e-6");
  const steps = 2 * (p - 1);
  const bytesPerStep = bytes / p;
  return {
    seconds: steps * (latency + bytesPerStep / bandwidth),
    steps,
    bytesPerStep,
    sentBytesPerParticipant: ringAllReduceBytes(bytes, p),
    formula: "2(p − 1)·(α + S/(p·B))",
    convention: "α–β model: full-duplex links, every device sends one chunk per step in parallel; reduction compute and congestion ignored",
  };
}

/**
 * Bytes one device sends per unit of work for a parallelism strategy, picked by `kind`.
 * Counts volume only: overlap with compute, latency and link speeds are out of scope.
 *
 * @example commBytes({ kind: "data-parallel", gradientBytes: 14e9, devices: 8 }).sentBytesPerDevice // 2·7/8·14e9 = 2.45e10
 */
export function commBytes(request: CommRequest): CommVolume {
  switch (request.kind) {
    case "data-parallel": {
      const bytes = checkNumber("gradientBytes", request.gradientBytes, 0);
      const n = checkInteger("devices", request.devices, 1);
      return {
        kind: request.kind,
        sentBytesPerDevice: ringAllReduceBytes(bytes, n),
        unit: "step",
        per: "step",
        formula: "2(n − 1)/n × gradient bytes",
        convention: "ring all-reduce (reduce-scatter + all-gather); each device also receives the same amount",
      };
    }
    case "zero": {
      const bytes = checkNumber("parameterBytes", request.parameterBytes, 0);
      const n = checkInteger("devices", request.devices, 1);
      const { stage } = request;
      if (stage !== 1 && stage !== 2 && stage !== 3) {
        throw new InputError(`stage must be 1, 2 or 3, got ${describeValue(stage)}`, 'use kind "data-parallel" for stage 0');
      }
      // Stages 1–2: reduce-scatter the gradients, all-gather the updated parameters: 2(n − 1)/n.
      // Stage 3: the parameters are all-gathered twice (forward and backward) and the gradients
      // reduce-scattered once: 3(n − 1)/n, i.e. 3Ψ against data parallelism's 2Ψ for large n.
      const phases = stage === 3 ? 3 : 2;
      return {
        kind: request.kind,
        sentBytesPerDevice: (phases * (n - 1) * bytes) / n,
        unit: "step",
        per: "step",
        formula: stage === 3 ? "3(n − 1)/n × parameter bytes (1.5× data parallel)" : "2(n − 1)/n × parameter bytes (same as data parallel)",
        convention: "ZeRO (Rajbhandari et al. 2020, §7): 16-bit parameters and gradients of equal size; volume per device",
      };
    }
    case "tensor-parallel": {
      const s = checkInteger("seqLen", request.seqLen, 1);
      const b = checkInteger("microBatch", request.microBatch, 1);
      const h = checkInteger("hidden", request.hidden, 1);
      const t = checkInteger("tp", request.tp, 1);
      const element = checkNumber("bytesPerElement", request.bytesPerElement ?? 2, 0);
      const message = s * b * h * element;
      return {
        kind: request.kind,
        sentBytesPerDevice: 4 * ringAllReduceBytes(message, t),
        unit: "layer",
        per: "layer (forward + backward, one micro-batch)",
        formula: "4 all-reduces × 2(t − 1)/t × b·s·h·bytes",
        convention:
          "Megatron-LM (Shoeybi et al. 2019): 2 all-reduces forward, 2 backward per layer; sequence parallelism (Korthikanti et al. 2022) swaps each for a reduce-scatter + all-gather of the same volume",
      };
    }
    case "pipeline": {
      const s = checkInteger("seqLen", request.seqLen, 1);
      const b = checkInteger("microBatch", request.microBatch, 1);
      const h = checkInteger("hidden", request.hidden, 1);
      const m = checkInteger("microbatches", request.microbatches ?? 1, 1);
      const element = checkNumber("bytesPerElement", request.bytesPerElement ?? 2, 0);
      return {
        kind: request.kind,
        sentBytesPerDevice: 2 * m * s * b * h * element,
        unit: "step",
        per: "step (an interior stage: activations to the next stage, gradients to the previous one)",
        formula: "2 (activations forward, gradients backward) × m × b·s·h·bytes",
        convention:
          "Narayanan et al. 2021, §4.1: point-to-point sends at each stage boundary, one direction each; the scatter/gather optimisation would divide this by t",
      };
    }
    default: {
      const unknown: never = request;
      throw new InputError(`kind must be data-parallel, zero, tensor-parallel or pipeline, got ${describeValue((unknown as { kind: unknown }).kind)}`);
    }
  }
}

/** What `parallelTraffic` takes: the model, the batch, and the three parallel degrees. */
export interface ParallelTrafficInput {
  /** Ψ: parameters of the whole model. */
  params: number;
  /** The activation shape; needed when tp or pp is above 1. */
  shape?: {
    /** h: model width. */
    hidden: number;
    /** L: transformer layers. */
    layers: number;
    /** s: tokens per sequence. */
    seqLen: number;
    /** b: sequences per micro-batch. */
    microBatch: number;
  };
  /** m: micro-batches per step (default 1). */
  microbatches?: number;
  /** N_d: data-parallel degree (default 1). */
  dp?: number;
  /** ZeRO stage of the data-parallel traffic (default 0). */
  zeroStage?: 0 | 1 | 2 | 3;
  /** t: tensor-parallel degree (default 1). */
  tp?: number;
  /** p: pipeline stages (default 1). */
  pp?: number;
  /** Bytes per gradient, parameter and activation element (default 2, bf16). */
  bytesPerElement?: number;
}

/** One kind of traffic, per its unit and per training step. */
export interface StepTraffic extends CommVolume {
  /** Units in one step: 1 for per-step traffic, (L/p)·m layer passes for tensor parallelism. */
  unitsPerStep: number;
  sentBytesPerDeviceStep: number;
  /** How a unit becomes a step, e.g. "× 8 layers × 4 micro-batches"; empty when the unit is a step. */
  stepFormula: string;
}

/** What `parallelTraffic` returns: the traffic kinds whose degree is above 1. */
export interface ParallelTraffic {
  /** Ψ/(t·p) × bytes per element: the gradient (and parameter) buffer of one data-parallel rank. */
  bufferBytesPerRank: number;
  dataParallel: StepTraffic | null;
  tensorParallel: StepTraffic | null;
  pipeline: StepTraffic | null;
}

/**
 * Bytes one device sends per training step for each kind of parallelism in use:
 *   data parallel  commBytes of the rank's buffer Ψ/(t·p)·bytes (ZeRO stage 1–3 when given), once per step
 *   tensor         4 all-reduces per layer and micro-batch (commBytes), × L/p layers × m micro-batches
 *   pipeline       activations and gradients across one stage boundary for m micro-batches
 *
 * @example parallelTraffic({ params: 7e9, shape: { hidden: 4096, layers: 32, seqLen: 4096, microBatch: 1 }, microbatches: 4, tp: 2, pp: 4 }).tensorParallel.unitsPerStep // 32/4 · 4 = 32
 */
export function parallelTraffic(input: ParallelTrafficInput): ParallelTraffic {
  const params = checkNumber("params", input.params, 0);
  const m = checkInteger("microbatches", input.microbatches ?? 1, 1);
  const dp = checkInteger("dp", input.dp ?? 1, 1);
  const tp = checkInteger("tp", input.tp ?? 1, 1);
  const pp = checkInteger("pp", input.pp ?? 1, 1);
  const zero = input.zeroStage ?? 0;
  const element = checkNumber("bytesPerElement", input.bytesPerElement ?? 2, 0);
  const { shape } = input;
  if ((tp > 1 || pp > 1) && shape === undefined) {
    throw new InputError("tensor and pipeline traffic need the activation shape", "give shape: { hidden, layers, seqLen, microBatch }");
  }
  const bufferBytesPerRank = (params / (tp * pp)) * element;
  const once = (volume: CommVolume): StepTraffic => ({ ...volume, unitsPerStep: 1, sentBytesPerDeviceStep: volume.sentBytesPerDevice, stepFormula: "" });
  let dataParallel: StepTraffic | null = null;
  if (dp > 1) {
    dataParallel = once(
      zero === 0
        ? commBytes({ kind: "data-parallel", gradientBytes: bufferBytesPerRank, devices: dp })
        : commBytes({ kind: "zero", stage: zero, parameterBytes: bufferBytesPerRank, devices: dp }),
    );
  }
  let tensorParallel: StepTraffic | null = null;
  let pipeline: StepTraffic | null = null;
  if (shape !== undefined) {
    const { seqLen, microBatch, hidden } = shape;
    const layers = checkInteger("shape.layers", shape.layers, 1);
    if (layers % pp !== 0) throw new InputError(`pp (${pp}) must divide layers (${layers})`, "each pipeline stage holds the same number of layers");
    if (tp > 1) {
      const perLayer = commBytes({ kind: "tensor-parallel", seqLen, microBatch, hidden, tp, bytesPerElement: element });
      const layersPerStage = layers / pp;
      const unitsPerStep = layersPerStage * m;
      tensorParallel = {
        ...perLayer,
        unitsPerStep,
        sentBytesPerDeviceStep: perLayer.sentBytesPerDevice * unitsPerStep,
        stepFormula: `× ${layersPerStage} layers (L/p) × ${m} micro-batches`,
      };
    }
    if (pp > 1) pipeline = once(commBytes({ kind: "pipeline", seqLen, microBatch, hidden, microbatches: m, bytesPerElement: element }));
  }
  return { bufferBytesPerRank, dataParallel, tensorParallel, pipeline };
}
