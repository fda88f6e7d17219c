/**
 * The problem generators of the quantitative cards: each draws realistic
 * sizes, computes the answer with src/systems, and writes the worked solution (formula,
 * substitution, result, and the convention where sources disagree). A card selects one
 * with `generator: <id>` in its front matter.
 */
import type { Rng } from "../stats/prng.js";
import {
  ACCELERATOR_PRESETS,
  activationBytesPerLayer,
  chinchillaLoss,
  chinchillaOptimal,
  commBytes,
  decodeStepTime,
  flopsPerToken,
  HOFFMANN_2022,
  kvCacheBytes,
  MODEL_PRESETS,
  mfu,
  modelStateBytes,
  paramCount,
  pipelineBubble,
  roofline,
  trainingFlops,
  trainingTime,
  zeroMemoryPerDevice,
  type AcceleratorPresetId,
  type ModelPresetId,
} from "../systems/index.js";
import { GB, GIB } from "../systems/units.js";
import { formatQuantity as q, type ProblemGenerator, type QuantitativeProblem } from "./quantitative.js";

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.nextInt(items.length)];
/** An exact count with thousands separators: 4,294,967,296. */
const exact = (n: number): string => n.toLocaleString("en-US");

/** A problem whose solution lists the formula, the substitution and the convention. */
function problem(question: string, answer: number, unit: string, tolerance: number, lines: readonly string[]): QuantitativeProblem {
  return { question, answer, unit, tolerance, solution: [...lines, `= ${q(answer)} ${unit} (answers within ±${q(tolerance * 100)}% count)`].join("\n") };
}

const BILLIONS = [1.3, 7, 13, 30, 70] as const;
// Models whose KV cache grows with the whole context (Mistral-7B's 4,096-token sliding window caps its cache).
const DECODER_MODELS: readonly ModelPresetId[] = ["llama2-7b", "llama2-13b", "llama2-70b", "llama3-8b", "llama3-70b"];
const GPUS: readonly AcceleratorPresetId[] = ["a100-80gb", "h100-sxm", "h200"];

/** The KV-cache shape of a decoder preset. */
function kvShape(id: ModelPresetId) {
  const { arch } = MODEL_PRESETS[id];
  return { layers: arch.layers, kvHeads: ("kvHeads" in arch ? arch.kvHeads : undefined) ?? arch.heads, headDim: arch.hidden / arch.heads };
}

function zeroStageMemory(rng: Rng): QuantitativeProblem {
  const billions = pick(rng, [1.5, 7.5, 13, 70]);
  const dp = pick(rng, [8, 16, 64, 128]);
  const stage = pick(rng, [1, 2, 3] as const);
  const r = zeroMemoryPerDevice({ params: billions * 1e9, dp, stage });
  return problem(
    `A ${billions}B-parameter model trains with mixed-precision Adam (ZeRO's accounting: 2 bytes of 16-bit weights, 2 of 16-bit gradients, K = 12 of optimizer state per parameter) under ZeRO stage ${stage} over ${dp} data-parallel GPUs. How many GB of model states (no activations) does each GPU hold?`,
    r.total / GB,
    "GB",
    0.1,
    [r.formula, `Ψ = ${billions}e9, N_d = ${dp}, K = ${r.k}: weights ${q(r.weights / GB)} GB + gradients ${q(r.gradients / GB)} GB + optimizer states ${q(r.optimizerStates / GB)} GB`, r.convention],
  );
}

function mixedPrecisionStates(rng: Rng): QuantitativeProblem {
  const billions = pick(rng, BILLIONS);
  const r = modelStateBytes({ params: billions * 1e9, optimizer: "adamw-mixed" });
  return problem(
    `How many GB do the weights, gradients and Adam states of a ${billions}B-parameter model take in mixed-precision training, before any sharding? Count as ZeRO does: 16-bit weights and gradients, fp32 master weights and moments.`,
    r.bytes.total / GB,
    "GB",
    0.1,
    [r.formula, `${r.bytesPerParam.weights} + ${r.bytesPerParam.gradients} + ${r.bytesPerParam.optimizerStates} = ${r.bytesPerParam.total} bytes per parameter × ${billions}e9`, r.convention],
  );
}

function adamFp32Versus8bit(rng: Rng): QuantitativeProblem {
  const billions = pick(rng, BILLIONS);
  const full = modelStateBytes({ params: billions * 1e9, optimizer: "adamw-fp32" });
  const small = modelStateBytes({ params: billions * 1e9, optimizer: "adam-8bit" });
  const saved = (full.bytes.total - small.bytes.total) / GB;
  return problem(
    `Training a ${billions}B-parameter model in fp32, how many GB of memory does 8-bit Adam (Dettmers et al. 2022) save against fp32 AdamW?`,
    saved,
    "GB",
    0.1,
    [`fp32 AdamW: ${full.bytesPerParam.total} bytes/param (${full.convention})`, `8-bit Adam: ${small.bytesPerParam.total} bytes/param (${small.convention})`, `(${full.bytesPerParam.total} − ${small.bytesPerParam.total}) × ${billions}e9 bytes`],
  );
}

function kvCacheSequence(rng: Rng): QuantitativeProblem {
  const id = pick(rng, DECODER_MODELS);
  const seqLen = pick(rng, [2048, 4096, 8192].filter((s) => s <= MODEL_PRESETS[id].arch.maxSeqLen)); // within the model's context
  const batch = pick(rng, [1, 8, 32]);
  const r = kvCacheBytes({ ...kvShape(id), seqLen, batch, bytesPerElement: 2 });
  const { layers, kvHeads, headDim } = kvShape(id);
  return problem(
    `${MODEL_PRESETS[id].name} (${layers} layers, ${kvHeads} KV heads of dimension ${headDim}) serves ${batch === 1 ? "one sequence" : `a batch of ${batch} sequences`} of ${seqLen} tokens in fp16. How many GiB does the KV cache take?`,
    r.bytes / GIB,
    "GiB",
    0.1,
    [r.formula, `2 × ${layers} × ${kvHeads} × ${headDim} × ${seqLen} × ${batch} × 2 bytes = ${exact(r.bytes)} bytes; 1 GiB = 2^30 bytes`, r.convention],
  );
}

function kvMaxBatch(rng: Rng): QuantitativeProblem {
  const id = pick(rng, ["llama2-7b", "llama3-8b", "llama2-13b"] as const);
  const gpu = ACCELERATOR_PRESETS[pick(rng, GPUS)];
  const seqLen = pick(rng, [2048, 4096, 8192].filter((s) => s <= MODEL_PRESETS[id].arch.maxSeqLen));
  const params = paramCount(MODEL_PRESETS[id].arch).total;
  const weights = params * 2;
  const { layers, kvHeads, headDim } = kvShape(id);
  const perSequence = kvCacheBytes({ layers, kvHeads, headDim, seqLen, batch: 1, bytesPerElement: 2 }).bytes;
  const batch = Math.floor((gpu.memoryBytes - weights) / perSequence);
  return problem(
    `${MODEL_PRESETS[id].name} (${exact(params)} parameters; ${layers} layers, ${kvHeads} KV heads of dimension ${headDim}) in fp16 on one ${gpu.name} (${q(gpu.memoryBytes / GIB)} GiB). Ignoring activations and framework overhead, how many ${seqLen}-token sequences fit in the KV cache at once?`,
    batch,
    "sequences",
    Math.max(0.05, 1 / batch), // one sequence either way
    [`weights: ${q(weights / GIB)} GiB (2 bytes × parameters); KV cache per sequence: ${q(perSequence / GIB)} GiB`, `floor((${q(gpu.memoryBytes / GIB)} − ${q(weights / GIB)}) / ${q(perSequence / GIB)})`],
  );
}

function gptParamCount(rng: Rng): QuantitativeProblem {
  const [layers, hidden] = pick(rng, [[12, 768], [24, 1024], [36, 1280], [48, 1600], [24, 2048], [32, 2560]] as const);
  const r = paramCount({ family: "gpt", vocabSize: 50257, hidden, layers, heads: hidden / 64, maxSeqLen: 1024 });
  return problem(
    `A GPT-2-style model has ${layers} layers of width ${hidden} (MLP 4×, biases, learned positions for 1024 tokens, vocabulary 50,257, tied output head). How many million parameters does it have in total?`,
    r.total / 1e6,
    "million",
    0.05,
    [r.formula, `per layer 12h² + 13h = ${exact(r.perLayer.total)}; × ${layers} layers, plus embeddings (V + T)·h = ${exact(r.embedding)} and the final LayerNorm`, r.convention],
  );
}

function trainingFlopsProblem(rng: Rng): QuantitativeProblem {
  const billions = pick(rng, BILLIONS);
  const trillions = pick(rng, [0.3, 1, 2, 15]);
  const r = trainingFlops(billions * 1e9, trillions * 1e12);
  return problem(
    `About how many FLOPs does it take to train a ${billions}B-parameter dense transformer on ${trillions}T tokens?`,
    r.flops,
    "FLOPs",
    0.1,
    [r.formula, `6 × ${billions}e9 × ${trillions}e12`, r.convention],
  );
}

function trainingDays(rng: Rng): QuantitativeProblem {
  const billions = pick(rng, [7, 13, 70]);
  const trillions = pick(rng, [1, 2, 15]);
  const devices = pick(rng, [256, 1024, 2048]);
  const gpu = ACCELERATOR_PRESETS[pick(rng, GPUS)];
  const utilization = pick(rng, [0.35, 0.4, 0.5]);
  const flops = trainingFlops(billions * 1e9, trillions * 1e12).flops;
  const r = trainingTime({ flops, devices, peakFlops: gpu.peakFlops, mfu: utilization });
  return problem(
    `How many days does it take to train a ${billions}B model on ${trillions}T tokens with ${devices} × ${gpu.name} (${q(gpu.peakFlops / 1e12)} dense bf16 TFLOP/s each) at ${utilization * 100}% MFU?`,
    r.days,
    "days",
    0.1,
    [`C = 6ND = ${q(flops)} FLOPs`, r.formula, `${q(flops)} / (${devices} × ${q(gpu.peakFlops)} × ${utilization}) s / 86,400`, r.convention],
  );
}

function mfuFromThroughput(rng: Rng): QuantitativeProblem {
  const billions = pick(rng, [7, 13, 70]);
  const gpu = ACCELERATOR_PRESETS[pick(rng, GPUS)];
  const devices = pick(rng, [64, 256, 512]);
  const perDevice = Math.round(((pick(rng, [0.3, 0.4, 0.5]) * gpu.peakFlops) / (6 * billions * 1e9)) * pick(rng, [0.9, 1, 1.1]));
  const r = mfu({ flopsPerToken: 6 * billions * 1e9, tokensPerSecond: perDevice * devices, peakFlops: gpu.peakFlops, devices });
  return problem(
    `A ${billions}B model trains at ${exact(perDevice)} tokens/s per GPU on ${devices} × ${gpu.name} (${q(gpu.peakFlops / 1e12)} dense TFLOP/s each). Counting 6N FLOPs per token, what is the MFU?`,
    r.utilization * 100,
    "%",
    0.05,
    [r.formula, `6 × ${billions}e9 × ${exact(perDevice)} tokens/s = ${q(r.achievedFlopsPerDevice)} FLOP/s per GPU, / ${q(gpu.peakFlops)}`, r.convention],
  );
}

function attentionFlopsShare(rng: Rng): QuantitativeProblem {
  const id = pick(rng, ["gpt2-small", "gpt2-xl", "llama2-7b", "llama2-70b", "llama3-8b", "llama3-70b"] as const);
  const { arch } = MODEL_PRESETS[id];
  const seqLen = pick(rng, [1024, 2048, 4096, 8192].filter((s) => s <= arch.maxSeqLen)); // within the model's context
  const r = flopsPerToken(arch, seqLen);
  return problem(
    `Training ${MODEL_PRESETS[id].name} (N = ${exact(r.params)} parameters in 6N, L = ${arch.layers} layers, H = ${arch.heads} heads of Q = ${arch.hidden / arch.heads} dimensions) at context T = ${seqLen}: what share (%) of the FLOPs per token is the attention term 12·L·H·Q·T, with the rest 6N?`,
    (r.attentionFlops / r.flopsPerToken) * 100,
    "%",
    0.05,
    [r.formula, `6N = ${q(r.paramFlops)}, 12·L·H·Q·T = ${q(r.attentionFlops)} FLOPs per token`, r.convention],
  );
}

function chinchillaParams(rng: Rng): QuantitativeProblem {
  const compute = pick(rng, [1e21, 1e22, 1e23, 1e24, 5.76e23]);
  const r = chinchillaOptimal(compute, HOFFMANN_2022);
  return problem(
    `With Hoffmann et al.'s 2022 approach-3 fit L(N, D) = E + A/N^α + B/D^β (E = 1.69, A = 406.4, B = 410.7, α = 0.34, β = 0.28), what model size (billions of parameters) minimises the loss for a budget of ${q(compute)} FLOPs (C = 6ND)?`,
    r.params / 1e9,
    "billion parameters",
    0.1,
    [r.formula, `N_opt = ${q(r.params)}, D_opt = ${q(r.tokens)} (${q(r.tokensPerParam)} tokens per parameter)`, r.convention],
  );
}

function chinchillaLossProblem(rng: Rng): QuantitativeProblem {
  const billions = pick(rng, [1, 7, 70]);
  const trillions = pick(rng, [0.2, 1.4, 15]);
  const r = chinchillaLoss(billions * 1e9, trillions * 1e12, HOFFMANN_2022);
  return problem(
    `Using Hoffmann et al.'s 2022 fit L(N, D) = E + A/N^α + B/D^β (E = 1.69, A = 406.4, B = 410.7, α = 0.34, β = 0.28), what loss (nats per token) does it predict for ${billions}B parameters trained on ${trillions}T tokens?`,
    r.loss,
    "nats",
    0.02,
    [r.formula, `1.69 + 406.4 / (${billions}e9)^0.34 + 410.7 / (${trillions}e12)^0.28`, r.convention],
  );
}

function tokensRule(rng: Rng): QuantitativeProblem {
  const billions = pick(rng, [1, 7, 13, 70, 400]);
  return problem(
    `By the ~20 tokens per parameter rule of thumb from Chinchilla, how many billion training tokens suit a ${billions}B-parameter model?`,
    20 * billions,
    "billion tokens",
    0.05,
    [`D ≈ 20·N (a rule of thumb read off Hoffmann et al. 2022, not a law: the fitted ratio depends on the fit and the budget)`, `20 × ${billions}B`],
  );
}

function pipelineBubbleProblem(rng: Rng): QuantitativeProblem {
  const stages = pick(rng, [4, 8, 16]);
  const microbatches = stages * pick(rng, [1, 2, 4, 8]); // at least one micro-batch per stage, as schedules are run
  const r = pipelineBubble({ stages, microbatches });
  return problem(
    `A GPipe/1F1B pipeline has ${stages} stages and ${microbatches} micro-batches per step. What is the bubble fraction (p − 1)/m, in %?`,
    r.bubbleFraction * 100,
    "%",
    0.05,
    [r.formula, `(${stages} − 1) / ${microbatches}`, r.convention],
  );
}

function interleavedBubble(rng: Rng): QuantitativeProblem {
  const stages = pick(rng, [4, 8]);
  const microbatches = stages * pick(rng, [1, 2, 4]); // Megatron-LM's interleaved schedule needs a multiple of the stages
  const interleave = pick(rng, [2, 4]);
  const r = pipelineBubble({ stages, microbatches, interleave });
  return problem(
    `A pipeline with the interleaved schedule of Narayanan et al. 2021: ${stages} stages, ${microbatches} micro-batches, ${interleave} model chunks per device. What is the bubble fraction (p − 1)/(v·m), in %?`,
    r.bubbleFraction * 100,
    "%",
    0.05,
    [r.formula, `(${stages} − 1) / (${interleave} × ${microbatches})`, r.convention],
  );
}

/** An activation-memory problem for one transformer layer under a parallel and recompute setting. */
function activationProblem(rng: Rng, setting: "none" | "tp-sp" | "selective"): QuantitativeProblem {
  const [hidden, heads] = pick(rng, [[4096, 32], [5120, 40], [8192, 64], [12288, 96]] as const);
  const seqLen = pick(rng, [2048, 4096]);
  const microBatch = pick(rng, [1, 2, 4]);
  const tp = setting === "none" ? 1 : pick(rng, [2, 4, 8]);
  const shape = { seqLen, microBatch, hidden, heads, tp, sequenceParallel: setting !== "none", recompute: setting === "selective" ? ("selective" as const) : ("none" as const) };
  const r = activationBytesPerLayer(shape);
  const how = setting === "none" ? "with no parallelism and no recomputation" : setting === "tp-sp" ? `with tensor parallelism t = ${tp} and sequence parallelism, no recomputation` : `with tensor and sequence parallelism (t = ${tp}) and selective activation recomputation`;
  return problem(
    `Per Korthikanti et al. 2022, how many GB of activations does one transformer layer store for training at s = ${seqLen}, b = ${microBatch}, h = ${hidden}, a = ${heads} heads (16-bit activations), ${how}?`,
    r.bytes / GB,
    "GB",
    0.1,
    [r.formula, `s·b·h = ${exact(seqLen * microBatch * hidden)}; 5as/h = ${q((5 * heads * seqLen) / hidden)}`, r.convention],
  );
}

function allReduceBytes(rng: Rng): QuantitativeProblem {
  const billions = pick(rng, [1.3, 7, 13]);
  const devices = pick(rng, [8, 64, 256]);
  const r = commBytes({ kind: "data-parallel", gradientBytes: 2 * billions * 1e9, devices });
  return problem(
    `Plain data parallelism over ${devices} GPUs with a ring all-reduce of bf16 gradients of a ${billions}B model: how many GB does each GPU send per step?`,
    r.sentBytesPerDevice / GB,
    "GB",
    0.05,
    [r.formula, `2 × (${devices} − 1)/${devices} × ${q(2 * billions)} GB`, r.convention],
  );
}

function zero3Traffic(rng: Rng): QuantitativeProblem {
  const billions = pick(rng, [7, 13, 70]);
  const devices = pick(rng, [64, 256]);
  const r = commBytes({ kind: "zero", stage: 3, parameterBytes: 2 * billions * 1e9, devices });
  return problem(
    `ZeRO stage 3 over ${devices} GPUs for a ${billions}B model with 16-bit parameters and gradients: how many GB does each GPU send per step (parameter all-gathers in forward and backward, gradient reduce-scatter)?`,
    r.sentBytesPerDevice / GB,
    "GB",
    0.1,
    [r.formula, `2Ψ = ${q(2 * billions)} GB of 16-bit parameters, n = ${devices}`, r.convention],
  );
}

function decodeStep(rng: Rng): QuantitativeProblem {
  const id = pick(rng, ["llama2-7b", "llama3-8b", "llama2-13b", "mistral-7b"] as const);
  const gpu = ACCELERATOR_PRESETS[pick(rng, GPUS)];
  const batch = pick(rng, [1, 16, 64]);
  const context = pick(rng, [1024, 4096]);
  const params = paramCount(MODEL_PRESETS[id].arch).total;
  const paramBytes = params * 2;
  const { layers, kvHeads, headDim } = kvShape(id);
  const kv = kvCacheBytes({ layers, kvHeads, headDim, seqLen: context, batch: 1, bytesPerElement: 2 }).bytes;
  const r = decodeStepTime({ paramBytes, kvBytesPerSequence: kv, batch, bandwidth: gpu.bandwidth });
  return problem(
    `Decoding with ${MODEL_PRESETS[id].name} (${exact(params)} parameters; ${layers} layers, ${kvHeads} KV heads of dimension ${headDim}) in fp16 on one ${gpu.name} (${q(gpu.bandwidth / 1e12)} TB/s), batch ${batch}, each sequence ${context} tokens in. Memory-bound, how many ms does one decode step take?`,
    r.time * 1000,
    "ms",
    0.1,
    [r.formula, `weights ${q(paramBytes / GB)} GB + ${batch} × KV ${q(kv / GB)} GB = ${q(r.bytesRead / GB)} GB read per step, / ${q(gpu.bandwidth / 1e9)} GB/s`, r.convention],
  );
}

function matmulIntensity(rng: Rng): QuantitativeProblem {
  const n = pick(rng, [256, 1024, 4096, 8192]);
  const gpu = ACCELERATOR_PRESETS[pick(rng, GPUS)];
  const r = roofline({ flops: 2 * n ** 3, bytes: 3 * n * n * 2, peakFlops: gpu.peakFlops, bandwidth: gpu.bandwidth });
  return problem(
    `A bf16 matmul of two ${n}×${n} matrices on a ${gpu.name} (${q(gpu.peakFlops / 1e12)} TFLOP/s, ${q(gpu.bandwidth / 1e12)} TB/s): what is its arithmetic intensity in FLOPs per byte (2n³ FLOPs over reading A and B and writing C once)? Then say whether it is compute- or memory-bound.`,
    r.arithmeticIntensity,
    "FLOPs/byte",
    0.05,
    [r.formula, `2 × ${n}³ / (3 × ${n}² × 2 bytes) = ${n}/3; ridge point = peak / bandwidth = ${q(r.ridgePoint)} FLOPs/byte, so ${r.bound}`, r.convention],
  );
}

/** Generators by id; a card's `generator` field must be one of these keys. */
export const PROBLEM_GENERATORS: Record<string, ProblemGenerator> = {
  "zero-stage-memory": zeroStageMemory,
  "mixed-precision-states": mixedPrecisionStates,
  "adam-fp32-vs-8bit": adamFp32Versus8bit,
  "kv-cache-size": kvCacheSequence,
  "kv-cache-max-batch": kvMaxBatch,
  "gpt-param-count": gptParamCount,
  "training-flops": trainingFlopsProblem,
  "training-days": trainingDays,
  "mfu-from-throughput": mfuFromThroughput,
  "attention-flops-share": attentionFlopsShare,
  "chinchilla-optimal-size": chinchillaParams,
  "chinchilla-loss": chinchillaLossProblem,
  "tokens-per-param-rule": tokensRule,
  "pipeline-bubble": pipelineBubbleProblem,
  "interleaved-pipeline-bubble": interleavedBubble,
  "activations-per-layer": (rng) => activationProblem(rng, "none"),
  "activations-tp-sp": (rng) => activationProblem(rng, "tp-sp"),
  "activations-selective-recompute": (rng) => activationProblem(rng, "selective"),
  "data-parallel-allreduce": allReduceBytes,
  "zero3-traffic": zero3Traffic,
  "decode-step-time": decodeStep,
  "matmul-intensity": matmulIntensity,
};
