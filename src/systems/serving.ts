// Serving a model: the memory it needs (weights + KV cache) and how fast one decode step can go.
//
//   weights            Ψ × bytes per weight element (all parameters resident)
//   KV cache           2·L·kvHeads·headDim·T·batch × bytes per cache element (inference.ts kvCacheBytes)
//   decode step        reads every weight once and each sequence's KV cache (inference.ts decodeStepTime),
//                      and computes batch × (2N + 4·L·H·Q·T) FLOPs (flops.ts forwardFlopsPerToken);
//                      its time is the roofline of the two (inference.ts roofline)

import { checkInteger } from "../optim/check.js";
import { checkPositiveNumber } from "./check.js";
import { resolveArch, type Arch } from "./architecture.js";
import { DTYPE_BYTES, type Dtype } from "./dtypes.js";
import { forwardFlopsPerToken, type FlopsPerToken } from "./flops.js";
import { decodeStepTime, inferenceMemory, kvCacheBytes, roofline, type DecodeStep, type InferenceMemory, type KvCache, type Roofline } from "./inference.js";
import { paramCount } from "./params.js";

/** What `servingMemory` takes. */
export interface ServingMemoryInput {
  arch: Arch;
  /** Ψ for the weights, overriding the arch's count (the cache still follows the arch). */
  params?: number;
  /** Tokens per sequence in the cache. */
  seqLen: number;
  /** Sequences served at once. */
  batch: number;
  /** KV-cache element format. */
  kvDtype: Dtype;
  /** Weight element format (default: kvDtype). */
  weightsDtype?: Dtype;
  /** Allowance on top of weights + cache (inference.ts inferenceMemory); default 0. */
  overheadFraction?: number;
  /** The device's memory, for the fits/free answer. */
  deviceBytes?: number;
}

/** What `servingMemory` returns. */
export interface ServingMemory {
  params: number;
  kvCache: KvCache & { bytesPerSequence: number; bytesPerTokenPerLayer: number };
  memory: InferenceMemory;
  bytesPerWeight: number;
  bytesPerCacheElement: number;
  freeBytes: number | null;
  fits: boolean | null;
}

/**
 * Memory to serve `batch` sequences of `seqLen` tokens: all weights plus the KV cache, plus an
 * overhead allowance.
 *
 * @example servingMemory({ arch: llama2_7b, seqLen: 4096, batch: 1, kvDtype: "fp16" }).memory.total
 *   // 2·6,738,415,616 + 2³¹ = 15,624,314,880 bytes
 */
export function servingMemory(input: ServingMemoryInput): ServingMemory {
  const a = resolveArch(input.arch);
  const kvBytes = DTYPE_BYTES[input.kvDtype];
  const weightBytes = DTYPE_BYTES[input.weightsDtype ?? input.kvDtype];
  const params = input.params === undefined ? paramCount(input.arch).total : checkPositiveNumber("params", input.params, "a parameter count, e.g. 7e9");
  const cache = kvCacheBytes({ layers: a.layers, kvHeads: a.kvHeads, headDim: a.headDim, seqLen: input.seqLen, batch: input.batch, bytesPerElement: kvBytes });
  const memory = inferenceMemory({ weightBytes: params * weightBytes, kvBytes: cache.bytes, overheadFraction: input.overheadFraction });
  const freeBytes = input.deviceBytes === undefined ? null : input.deviceBytes - memory.total;
  return {
    params,
    kvCache: { ...cache, bytesPerSequence: cache.bytesPerToken * input.seqLen, bytesPerTokenPerLayer: cache.bytesPerToken / a.layers },
    memory,
    bytesPerWeight: weightBytes,
    bytesPerCacheElement: kvBytes,
    freeBytes,
    fits: freeBytes === null ? null : freeBytes >= 0,
  };
}

/** What `decodeStep` takes. */
export interface DecodeStepInput {
  arch: Arch;
  /** Ψ for the weights read and the 2N FLOPs, overriding the arch's count. */
  params?: number;
  /** Tokens already in each sequence's KV cache (T). */
  seqLen: number;
  /** Sequences decoded together. */
  batch: number;
  /** Weight and KV-cache element format. */
  dtype: Dtype;
  /** One device's peak FLOP/s. */
  peakFlops: number;
  /** One device's memory bandwidth, bytes/s. */
  bandwidth: number;
}

/** What `decodeStep` returns. */
export interface DecodeStepAnalysis {
  params: number;
  /** Bytes per weight and per cache element. */
  bytesPerElement: number;
  /** Ψ × bytes per element, read once per step. */
  weightBytes: number;
  kvBytesPerSequence: number;
  /** batch × kvBytesPerSequence. */
  kvBytes: number;
  forward: FlopsPerToken;
  /** batch × forward FLOPs per token. */
  flops: number;
  /** The memory-only lower bound. */
  memoryBound: DecodeStep;
  /** max(memory time, compute time) and which one binds. */
  roofline: Roofline;
  /** batch / roofline time. */
  tokensPerSecond: number;
}

/**
 * One decode step (a new token for each of `batch` sequences with `seqLen` tokens cached) on one
 * device: bytes read, FLOPs, and the roofline time (see the file comment).
 *
 * @example decodeStep({ arch: llama2_7b, seqLen: 4096, batch: 1, dtype: "bf16", peakFlops: 312e12, bandwidth: 2039e9 }).roofline.time
 *   // (2·6,738,415,616 + 2³¹) / 2.039e12 ≈ 7.66 ms, memory-bound
 */
export function decodeStep(input: DecodeStepInput): DecodeStepAnalysis {
  const a = resolveArch(input.arch);
  const batch = checkInteger("batch", input.batch, 1);
  const element = DTYPE_BYTES[input.dtype];
  const params = input.params === undefined ? paramCount(input.arch).total : checkPositiveNumber("params", input.params, "a parameter count, e.g. 7e9");
  const weightBytes = params * element;
  const kvBytesPerSequence = kvCacheBytes({ layers: a.layers, kvHeads: a.kvHeads, headDim: a.headDim, seqLen: input.seqLen, batch: 1, bytesPerElement: element }).bytes;
  const memoryBound = decodeStepTime({ paramBytes: weightBytes, kvBytesPerSequence, batch, bandwidth: input.bandwidth });
  const forward = forwardFlopsPerToken(input.arch, input.seqLen, input.params);
  const flops = forward.flopsPerToken * batch;
  const roof = roofline({ flops, bytes: memoryBound.bytesRead, peakFlops: input.peakFlops, bandwidth: input.bandwidth });
  return {
    params,
    bytesPerElement: element,
    weightBytes,
    kvBytesPerSequence,
    kvBytes: batch * kvBytesPerSequence,
    forward,
    flops,
    memoryBound,
    roofline: roof,
    tokensPerSecond: batch / roof.time,
  };
}
