// Training FLOPs and utilization (MFU, HFU).
//
// Per token, forward + backward (PaLM, Chowdhery et al. 2022, Appendix B; nanoGPT estimate_mfu):
//   6N + 12·L·H·Q·T   N = parameters that multiply each token (params.ts flopParams),
//                     L layers, H query heads, Q head size, T sequence length.
//   6N: each weight does a multiply-add (2 FLOPs) forward and twice that backward.
//   12·L·H·Q·T: the attention scores QKᵀ and the weighted sum AV, 2·2·T·H·Q forward per
//   token and layer, times 3 for forward + backward. Kaplan et al. 2020 write the same.
// Whole run: C = 6·N·D for D tokens (Kaplan et al. 2020, Table 1); 8·N·D when full activation
// recomputation runs the forward twice (Narayanan et al. 2021, §5.1: "8TP/(nX)").
// Per iteration with B sequences of s tokens, l layers, width h, vocabulary V:
//   Megatron (Narayanan et al. 2021, §5.1, full recomputation): 96·B·s·l·h²·(1 + s/6h + V/16lh)
//   model FLOPs (Korthikanti et al. 2022):                     72·B·s·l·h²·(1 + s/6h + V/12hl)
//   hardware FLOPs, selective recomputation (same paper):       72·B·s·l·h²·(1 + s/3h + V/12hl)
// Utilization = FLOPs per second achieved / (devices × peak FLOP/s per device):
//   MFU counts model FLOPs only (what the math needs, no recomputation; PaLM's definition);
//   HFU counts the FLOPs the hardware ran, recomputation included (Korthikanti et al. 2022).

import { describeValue } from "../errors.js";
import { resolveArch, type Arch } from "./architecture.js";
import { checkPositiveInteger, checkPositiveNumber } from "./check.js";
import { paramCount } from "./params.js";

/**
 * FLOPs per token, split into its two terms: for a trained token (forward and backward)
 * 6N + 12·L·H·Q·T; for a forward pass alone (a decoding step) 2N + 4·L·H·Q·T.
 */
export interface FlopsPerToken {
  flopsPerToken: number;
  /** N, the parameters counted in the weight term. */
  params: number;
  /** The weight matrix multiplies: 6N trained, 2N forward (one multiply-add per weight). */
  paramFlops: number;
  /** Attention scores and weighted values over T keys: 12·L·H·Q·T trained, 4·L·H·Q·T forward. */
  attentionFlops: number;
  formula: string;
  convention: string;
}

/** The shape that 6N + 12·L·H·Q·T needs, for models an Arch cannot describe (PaLM's head size is not h/H). */
export interface FlopsShape {
  /** N: parameters that multiply each token. */
  params: number;
  layers: number;
  heads: number;
  /** Q: the size of one attention head. */
  headDim: number;
  /** T: tokens each attends over (nanoGPT uses block_size). */
  seqLen: number;
}

/**
 * Training FLOPs per token (forward + backward) of a model given by its shape: 6N + 12·L·H·Q·T.
 *
 * @example flopsPerTokenFromShape({ params: 540.35e9, layers: 118, heads: 48, headDim: 256, seqLen: 2048 }).flopsPerToken
 *   // ≈ 3.278e12: PaLM 540B
 */
export function flopsPerTokenFromShape(shape: FlopsShape): FlopsPerToken {
  const params = checkPositiveNumber("params", shape.params, "the number of parameters N, e.g. 124e6");
  const layers = checkPositiveInteger("layers", shape.layers, "the number of transformer blocks");
  const heads = checkPositiveInteger("heads", shape.heads, "the number of query heads");
  const headDim = checkPositiveInteger("headDim", shape.headDim, "the size of one attention head, e.g. 64");
  const seqLen = checkPositiveInteger("seqLen", shape.seqLen, "the sequence length in tokens, e.g. 1024");
  const paramFlops = 6 * params;
  const attentionFlops = 12 * layers * heads * headDim * seqLen;
  return {
    flopsPerToken: paramFlops + attentionFlops,
    params,
    paramFlops,
    attentionFlops,
    formula: "6N + 12·L·H·Q·T",
    convention: "PaLM (Chowdhery et al. 2022) Appendix B, as nanoGPT estimate_mfu: forward + backward, no recomputation",
  };
}

/**
 * Training FLOPs per token of an Arch at sequence length `seqLen`: 6N + 12·L·H·Q·T with N =
 * paramCount(arch).flopParams (nanoGPT's get_num_params(): position table excluded).
 *
 * @example flopsPerToken(gpt2Small, 1024).flopsPerToken
 *   // 6·123,653,376 + 12·12·12·64·1024 = 855,166,464
 */
export function flopsPerToken(arch: Arch, seqLen: number): FlopsPerToken {
  const a = resolveArch(arch);
  return flopsPerTokenFromShape({ params: paramCount(arch).flopParams, layers: a.layers, heads: a.heads, headDim: a.headDim, seqLen });
}

/**
 * Forward-pass FLOPs per token, as one decoding step spends for each new token: 2N + 4·L·H·Q·T,
 * the forward third of 6N + 12·L·H·Q·T (PaLM, Chowdhery et al. 2022, Appendix B; the backward
 * pass costs twice the forward). T is the number of tokens attended over (the KV cache length);
 * N defaults to paramCount(arch).flopParams.
 *
 * @example forwardFlopsPerToken(llama2_7b, 4096).flopsPerToken
 *   // 2·6,476,005,376 + 4·32·32·128·4096 = 15,099,494,400
 */
export function forwardFlopsPerToken(arch: Arch, seqLen: number, params = paramCount(arch).flopParams): FlopsPerToken {
  const a = resolveArch(arch);
  checkPositiveNumber("params", params, "the parameters N that multiply each token");
  const T = checkPositiveInteger("seqLen", seqLen, "tokens attended over, e.g. 4096");
  const paramFlops = 2 * params;
  const attentionFlops = 4 * a.layers * a.heads * a.headDim * T;
  return {
    flopsPerToken: paramFlops + attentionFlops,
    params,
    paramFlops,
    attentionFlops,
    formula: "2N + 4·L·H·Q·T",
    convention: "PaLM (Chowdhery et al. 2022) Appendix B, forward pass only: one multiply-add per weight, QKᵀ and AV over T cached tokens",
  };
}

/** Total FLOPs of a training run. */
export interface TrainingFlops {
  flops: number;
  formula: string;
  convention: string;
}

/**
 * Training compute C = 6·N·D for N parameters and D tokens (Kaplan et al. 2020), or 8·N·D with
 * full activation recomputation, which repeats the forward pass (Narayanan et al. 2021, §5.1).
 * Ignores the attention term, as both papers' estimates do.
 *
 * @example trainingFlops(174.6e9, 300e9).flops // ≈ 3.14e23: GPT-3 175B (Brown et al. 2020, Table D.1)
 */
export function trainingFlops(params: number, tokens: number, options: { recompute?: "none" | "full" } = {}): TrainingFlops {
  checkPositiveNumber("params", params, "the number of parameters N, e.g. 70e9");
  checkPositiveNumber("tokens", tokens, "the number of training tokens D, e.g. 1.4e12");
  const recompute = options.recompute ?? "none";
  if (recompute === "none") {
    return { flops: 6 * params * tokens, formula: "6·N·D", convention: "Kaplan et al. 2020: 2 FLOPs per parameter forward, 4 backward; attention term ignored" };
  }
  if (recompute === "full") {
    return { flops: 8 * params * tokens, formula: "8·N·D", convention: "Narayanan et al. 2021 §5.1: full activation recomputation adds a second forward (8TP)" };
  }
  throw new Error(`options.recompute must be "none" or "full", got ${describeValue(recompute)}`);
}

/** Sizes of one training iteration, in the papers' symbols. */
export interface IterationShape {
  /** B: sequences per iteration (global batch). */
  batch: number;
  /** s: tokens per sequence. */
  seqLen: number;
  /** l: transformer layers. */
  layers: number;
  /** h: model width. */
  hidden: number;
  /** V: vocabulary size. */
  vocab: number;
}

/** FLOPs of one training iteration. */
export interface IterationFlops {
  flops: number;
  formula: string;
  convention: string;
}

/**
 * FLOPs per iteration as Megatron-LM counts them, with full activation recomputation:
 * 96·B·s·l·h²·(1 + s/6h + V/16lh) (Narayanan et al. 2021, §5.1). Only the matrix multiplies.
 *
 * @example megatronFlopsPerIteration({ batch: 1536, seqLen: 2048, layers: 96, hidden: 12288, vocab: 51200 }).flops
 */
export function megatronFlopsPerIteration(shape: IterationShape): IterationFlops {
  const { batch: B, seqLen: s, layers: l, hidden: h, vocab: V } = checkIterationShape(shape);
  return {
    flops: 96 * B * s * l * h * h * (1 + s / (6 * h) + V / (16 * l * h)),
    formula: "96·B·s·l·h²·(1 + s/6h + V/16lh)",
    convention: "Narayanan et al. 2021 (Megatron-LM) §5.1: includes full activation recomputation (a second forward)",
  };
}

/**
 * Model FLOPs per iteration, no recomputation counted: 72·B·s·l·h²·(1 + s/6h + V/12hl)
 * (Korthikanti et al. 2022). The numerator of MFU.
 */
export function modelFlopsPerIteration(shape: IterationShape): IterationFlops {
  const { batch: B, seqLen: s, layers: l, hidden: h, vocab: V } = checkIterationShape(shape);
  return {
    flops: 72 * B * s * l * h * h * (1 + s / (6 * h) + V / (12 * h * l)),
    formula: "72·B·s·l·h²·(1 + s/6h + V/12hl)",
    convention: "Korthikanti et al. 2022 model FLOPs: forward + backward, no recomputation",
  };
}

/** How much of the forward pass is recomputed during backward. */
export type Recompute = "none" | "selective" | "full";

/**
 * FLOPs the hardware runs per iteration, recomputation included (the numerator of HFU):
 *   "none"      = model FLOPs, 72·B·s·l·h²·(1 + s/6h + V/12hl)
 *   "selective" 72·B·s·l·h²·(1 + s/3h + V/12hl): the attention-core term counted twice
 *               (Korthikanti et al. 2022; reproduces its printed HFU)
 *   "full"      96·B·s·l·h²·(1 + s/6h + V/16lh): the whole forward again (Narayanan et al. 2021)
 */
export function hardwareFlopsPerIteration(shape: IterationShape & { recompute: Recompute }): IterationFlops {
  if (shape.recompute === "none") {
    const model = modelFlopsPerIteration(shape);
    return { ...model, convention: "no recomputation: hardware FLOPs = model FLOPs (Korthikanti et al. 2022)" };
  }
  if (shape.recompute === "full") return megatronFlopsPerIteration(shape);
  if (shape.recompute === "selective") {
    const { batch: B, seqLen: s, layers: l, hidden: h, vocab: V } = checkIterationShape(shape);
    return {
      flops: 72 * B * s * l * h * h * (1 + s / (3 * h) + V / (12 * h * l)),
      formula: "72·B·s·l·h²·(1 + s/3h + V/12hl)",
      convention: "Korthikanti et al. 2022 hardware FLOPs with selective recomputation of the attention core",
    };
  }
  throw new Error(`recompute must be "none", "selective" or "full", got ${describeValue(shape.recompute)}`);
}

/**
 * What a utilization is computed from: FLOPs per iteration and the step time, or FLOPs per
 * token and the token throughput. `peakFlops` is one device's peak FLOP/s (dense, in the
 * training precision); `devices` defaults to 1.
 */
export type UtilizationInput =
  | { flopsPerIteration: number; stepTime: number; peakFlops: number; devices?: number }
  | { flopsPerToken: number; tokensPerSecond: number; peakFlops: number; devices?: number };

/** A FLOPs utilization, with the throughput it came from. */
export interface Utilization {
  /** Achieved / peak, as a fraction (0.462 for 46.2%). */
  utilization: number;
  /** FLOP/s over all devices. */
  achievedFlopsPerSecond: number;
  /** FLOP/s per device. */
  achievedFlopsPerDevice: number;
  formula: string;
  convention: string;
}

/**
 * Model FLOPs utilization: model FLOPs per second / (devices × peak). Pass model FLOPs
 * (no recomputation): flopsPerToken(...) or modelFlopsPerIteration(...).
 *
 * @example mfu({ flopsPerToken: 3.2777e12, tokensPerSecond: 238.3e3, peakFlops: 275e12, devices: 6144 }).utilization
 *   // ≈ 0.462: PaLM 540B (Chowdhery et al. 2022, Table 3)
 */
export function mfu(input: UtilizationInput): Utilization {
  return utilization(input, "MFU", "model FLOPs only, recomputation not counted (PaLM, Chowdhery et al. 2022)");
}

/**
 * Hardware FLOPs utilization: FLOPs the hardware ran per second, recomputation included, over
 * (devices × peak). Pass hardwareFlopsPerIteration(...) (Korthikanti et al. 2022).
 */
export function hfu(input: UtilizationInput): Utilization {
  return utilization(input, "HFU", "hardware FLOPs, recomputation counted (Korthikanti et al. 2022)");
}

function utilization(input: UtilizationInput, name: string, convention: string): Utilization {
  if (typeof input !== "object" || input === null) {
    throw new Error(`${name} input must be an object, got ${describeValue(input)}`);
  }
  const peakFlops = checkPositiveNumber("peakFlops", input.peakFlops, "one device's dense peak FLOP/s, e.g. 312e12 for an A100 in bf16");
  const devices = input.devices === undefined ? 1 : checkPositiveInteger("devices", input.devices, "the number of devices the step ran on");
  const byIteration = "flopsPerIteration" in input;
  const byToken = "flopsPerToken" in input;
  if (byIteration === byToken) {
    throw new Error(`${name} needs exactly one of flopsPerIteration (with stepTime) or flopsPerToken (with tokensPerSecond)`);
  }
  let achievedFlopsPerSecond: number;
  let formula: string;
  if ("flopsPerIteration" in input) {
    const flops = checkPositiveNumber("flopsPerIteration", input.flopsPerIteration, "FLOPs of one training step over all devices");
    const stepTime = checkPositiveNumber("stepTime", input.stepTime, "seconds per training step");
    achievedFlopsPerSecond = flops / stepTime;
    formula = `${name} = (FLOPs per iteration / step time) / (devices × peak FLOP/s)`;
  } else {
    const flops = checkPositiveNumber("flopsPerToken", input.flopsPerToken, "training FLOPs per token, e.g. 6N + 12·L·H·Q·T");
    const tokensPerSecond = checkPositiveNumber("tokensPerSecond", input.tokensPerSecond, "tokens processed per second over all devices");
    achievedFlopsPerSecond = flops * tokensPerSecond;
    formula = `${name} = (FLOPs per token × tokens per second) / (devices × peak FLOP/s)`;
  }
  return {
    utilization: achievedFlopsPerSecond / (devices * peakFlops),
    achievedFlopsPerSecond,
    achievedFlopsPerDevice: achievedFlopsPerSecond / devices,
    formula,
    convention,
  };
}

function checkIterationShape(shape: IterationShape): IterationShape {
  if (typeof shape !== "object" || shape === null) {
    throw new Error(`iteration shape must be an object, got ${describeValue(shape)}`);
  }
  return {
    batch: checkPositiveInteger("batch", shape.batch, "sequences per iteration (global batch size)"),
    seqLen: checkPositiveInteger("seqLen", shape.seqLen, "tokens per sequence, e.g. 2048"),
    layers: checkPositiveInteger("layers", shape.layers, "the number of transformer layers"),
    hidden: checkPositiveInteger("hidden", shape.hidden, "the model width h"),
    vocab: checkPositiveInteger("vocab", shape.vocab, "the vocabulary size V, e.g. 51200"),
  };
}
