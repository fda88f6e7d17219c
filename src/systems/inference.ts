// Inference and throughput arithmetic: KV-cache size, serving memory, the roofline model,
// the memory-bound decode step, and wall-clock training time.
//
//   KV cache               2 (K and V) · L · kvHeads · headDim · seq · batch · bytes per element
//   roofline (Williams et al. 2009)   time = max(FLOPs / peak, bytes / bandwidth); the ridge point
//                          peak / bandwidth is the arithmetic intensity (FLOPs per byte) above which
//                          a kernel is compute-bound
//   decode step            every generated token reads all weights once plus each sequence's KV cache:
//                          (parameter bytes + batch × KV bytes per sequence) / bandwidth
//   training time          FLOPs / (devices × peak × MFU)

import { InputError } from "../errors.js";
import { checkPositiveNumber } from "./check.js";
import { checkInteger, checkNumber } from "../optim/check.js";


/** What `kvCacheBytes` returns. */
export interface KvCache {
  bytes: number;
  /** Bytes for one token of one sequence: 2·L·kvHeads·headDim·bytes. */
  bytesPerToken: number;
  formula: string;
  convention: string;
}

/**
 * Bytes of the key/value cache for `batch` sequences of `seqLen` tokens. With grouped-query attention
 * `kvHeads` is the number of key/value heads, not query heads.
 *
 * @example kvCacheBytes({ layers: 32, kvHeads: 32, headDim: 128, seqLen: 4096, batch: 1, bytesPerElement: 2 }).bytes // 2 ** 31 (2 GiB, Llama-2-7B in fp16)
 */
export function kvCacheBytes(options: {
  layers: number;
  kvHeads: number;
  headDim: number;
  seqLen: number;
  batch: number;
  bytesPerElement: number;
}): KvCache {
  const layers = checkInteger("layers", options.layers, 1);
  const kvHeads = checkInteger("kvHeads", options.kvHeads, 1, "with grouped-query attention pass the number of key/value heads");
  const headDim = checkInteger("headDim", options.headDim, 1);
  const seqLen = checkInteger("seqLen", options.seqLen, 0);
  const batch = checkInteger("batch", options.batch, 0);
  const element = checkPositiveNumber("bytesPerElement", options.bytesPerElement, "2 for fp16/bf16, 1 for fp8/int8");
  const bytesPerToken = 2 * layers * kvHeads * headDim * element;
  return {
    bytes: bytesPerToken * seqLen * batch,
    bytesPerToken,
    formula: "2·L·kvHeads·headDim·seq·batch·bytes",
    convention: "K and V for every layer and cached token, no paging or fragmentation overhead",
  };
}

/** What `inferenceMemory` returns. */
export interface InferenceMemory {
  weights: number;
  kvCache: number;
  overhead: number;
  total: number;
  formula: string;
  convention: string;
}

/**
 * Serving memory: weights + KV cache, plus `overheadFraction` of that sum for activations,
 * CUDA context and fragmentation (a planning allowance, not a measured quantity).
 *
 * @example inferenceMemory({ weightBytes: 13.5e9, kvBytes: 2 ** 31, overheadFraction: 0.1 }).total // ≈ 1.72e10
 */
export function inferenceMemory(options: { weightBytes: number; kvBytes: number; overheadFraction?: number }): InferenceMemory {
  const weights = checkNumber("weightBytes", options.weightBytes, 0);
  const kvCache = checkNumber("kvBytes", options.kvBytes, 0);
  const fraction = checkNumber("overheadFraction", options.overheadFraction ?? 0, 0, Infinity, "e.g. 0.1 for 10% on top of weights and KV cache");
  const overhead = fraction * (weights + kvCache);
  return {
    weights,
    kvCache,
    overhead,
    total: weights + kvCache + overhead,
    formula: "(weights + KV cache)·(1 + overhead fraction)",
    convention: `overhead is an allowance of ${fraction} × (weights + KV cache), not derived from a model`,
  };
}

/** What `roofline` returns. */
export interface Roofline {
  /** Lower bound on time in seconds: max(compute time, memory time). */
  time: number;
  computeTime: number;
  memoryTime: number;
  /** FLOPs per byte moved. */
  arithmeticIntensity: number;
  /** Peak FLOP/s over bandwidth: the intensity where the two limits meet. */
  ridgePoint: number;
  bound: "compute-bound" | "memory-bound";
  formula: string;
  convention: string;
}

/**
 * Roofline model (Williams, Waterman & Patterson 2009): a kernel doing `flops` FLOPs and moving
 * `bytes` bytes can go no faster than either limit. Units: FLOPs, bytes, FLOP/s, bytes/s → seconds.
 *
 * @example roofline({ flops: 2e9, bytes: 2e9, peakFlops: 312e12, bandwidth: 2.039e12 }).bound // "memory-bound"
 */
export function roofline(options: { flops: number; bytes: number; peakFlops: number; bandwidth: number }): Roofline {
  const flops = checkNumber("flops", options.flops, 0);
  const bytes = checkNumber("bytes", options.bytes, 0);
  const peak = checkPositiveNumber("peakFlops", options.peakFlops, "FLOP/s, e.g. 312e12 for an A100's dense bf16");
  const bandwidth = checkPositiveNumber("bandwidth", options.bandwidth, "bytes/s, e.g. 2.039e12 for an A100 80GB SXM");
  if (flops === 0 && bytes === 0) {
    throw new InputError("flops and bytes are both 0", "a kernel must compute or move something");
  }
  const computeTime = flops / peak;
  const memoryTime = bytes / bandwidth;
  const arithmeticIntensity = flops / bytes;
  const ridgePoint = peak / bandwidth;
  return {
    time: Math.max(computeTime, memoryTime),
    computeTime,
    memoryTime,
    arithmeticIntensity,
    ridgePoint,
    bound: arithmeticIntensity >= ridgePoint ? "compute-bound" : "memory-bound",
    formula: "time = max(FLOPs/peak, bytes/bandwidth); compute-bound when FLOPs/bytes ≥ peak/bandwidth",
    convention: "Williams et al. 2009 roofline: perfect overlap of compute and memory traffic, peak rates",
  };
}

/** What `decodeStepTime` returns. */
export interface DecodeStep {
  /** Seconds per decoding step (one new token for every sequence in the batch). */
  time: number;
  bytesRead: number;
  /** Tokens per second across the batch: batch / time. */
  tokensPerSecond: number;
  formula: string;
  convention: string;
}

/**
 * Lower bound on one decode step when it is memory-bound, as small-batch decoding is: every step
 * reads all weights once and each sequence's KV cache.
 *
 * @example decodeStepTime({ paramBytes: 13.5e9, kvBytesPerSequence: 2 ** 31, batch: 1, bandwidth: 2.039e12 }).time // ≈ 7.7 ms
 */
export function decodeStepTime(options: { paramBytes: number; kvBytesPerSequence: number; batch: number; bandwidth: number }): DecodeStep {
  const paramBytes = checkNumber("paramBytes", options.paramBytes, 0);
  const kvBytes = checkNumber("kvBytesPerSequence", options.kvBytesPerSequence, 0);
  const batch = checkInteger("batch", options.batch, 1);
  const bandwidth = checkPositiveNumber("bandwidth", options.bandwidth, "bytes/s");
  const bytesRead = paramBytes + batch * kvBytes;
  const time = bytesRead / bandwidth;
  return {
    time,
    bytesRead,
    tokensPerSecond: time > 0 ? batch / time : Infinity,
    formula: "(parameter bytes + batch × KV bytes per sequence) / bandwidth",
    convention: "memory-bound decode at peak bandwidth; compute, kernel launches and communication ignored",
  };
}

/** What `trainingTime` returns. */
export interface TrainingTime {
  seconds: number;
  days: number;
  formula: string;
  convention: string;
}

/**
 * Wall-clock training time for `flops` FLOPs on `devices` accelerators of peak `peakFlops` FLOP/s
 * running at model FLOPs utilisation `mfu` (0 < mfu ≤ 1).
 *
 * @example trainingTime({ flops: 8 * 300e9 * 175e9, devices: 1024, peakFlops: 312e12, mfu: 140 / 312 }).days // ≈ 34 (Narayanan et al. 2021, §5.1)
 */
export function trainingTime(options: { flops: number; devices: number; peakFlops: number; mfu: number }): TrainingTime {
  const flops = checkNumber("flops", options.flops, 0);
  const devices = checkInteger("devices", options.devices, 1);
  const peak = checkPositiveNumber("peakFlops", options.peakFlops, "FLOP/s per device");
  const mfu = checkPositiveNumber("mfu", options.mfu, "model FLOPs utilisation, e.g. 0.4");
  if (mfu > 1) throw new InputError(`mfu must be at most 1, got ${mfu}`, "MFU is a fraction of peak: 0.4 means 40%");
  const seconds = flops / (devices * peak * mfu);
  return {
    seconds,
    days: seconds / 86_400,
    formula: "FLOPs / (devices × peak × MFU)",
    convention: "sustained throughput = peak × MFU on every device, no restarts or downtime",
  };
}
